// Offline checks of the Helm chart's output, run by .ci/k8s-check.sh (no cluster is contacted).
//
//   node check.mjs validate CONTRIBUTING.md FILE...   every document against the Kubernetes / Prometheus Operator /
//                                                     KEDA schemas, unknown fields, and the chart's own rules
//   node check.mjs rules RENDERED.yaml OUT.yaml       the PrometheusRule's groups as a promtool rule file
//   node check.mjs dashboard JSON SCHEMA OUT.yaml     the Grafana dashboard against its schema; its queries as a
//                                                     rule file, so promtool parses every PromQL expression
//   node check.mjs adapter RULES.yaml RENDERED OUT    prometheus-adapter's queries as a rule file, and the metric it
//                                                     serves is the one the rendered HPAs ask for
//   node check.mjs secrets RENDERED.yaml OUT.yaml     drops the generated Secrets (k8s/ never holds secret values)
//                                                     and prints "name key,key" of each dropped one
//   node check.mjs references RENDERED.yaml           prints "name key,key" of each Secret the pods use (env,
//                                                     volumes) that RENDERED does not contain: the ones you create
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import Ajv2020 from "ajv/dist/2020.js";

const CRD_PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
};

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exitCode = 1;
}

function loadDocuments(file) {
  const docs = [];
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      fail(`${file}: YAML error: ${doc.errors[0].message}`);
      continue;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) {
      docs.push(value);
    }
  }
  return docs;
}

async function modelClass(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = CRD_PACKAGES[group] ?? "kubernetes-models";
  const module = await import(group ? `${pkg}/${group}/${version}` : `${pkg}/${version}`).catch(() => ({}));
  return module[kind];
}

// The packages' validate() ignores fields the schema does not know. To find them, validate a Proxy of the document
// and record which properties the generated validator reads at each path: a key it never asked for is unknown.
// Objects whose keys the validator enumerates are maps (labels, data); objects it never looks into are free-form.
function tracked(value, path, seen) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const note = (prop) => {
    if (typeof prop === "string") {
      if (!seen.reads.has(path)) {
        seen.reads.set(path, new Set());
      }
      seen.reads.get(path).add(prop);
    }
  };
  return new Proxy(value, {
    get(target, prop, receiver) {
      note(prop);
      const result = Reflect.get(target, prop, receiver);
      return typeof prop === "string" && Object.hasOwn(target, prop) ? tracked(result, `${path}/${prop}`, seen) : result;
    },
    has(target, prop) {
      note(prop);
      return Reflect.has(target, prop);
    },
    ownKeys(target) {
      seen.maps.add(path);
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value, path, seen, found) {
  if (value === null || typeof value !== "object") {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, `${path}/${i}`, seen, found));
    return;
  }
  const known = seen.reads.get(path);
  for (const [key, child] of Object.entries(value)) {
    if (!seen.maps.has(path) && known && !known.has(key)) {
      found.push(`${path}/${key}`);
    }
    unknownFields(child, `${path}/${key}`, seen, found);
  }
}

const podSpecOf = (doc) => (["Deployment", "StatefulSet"].includes(doc.kind) ? doc.spec?.template?.spec : undefined);

// What every pod of the chart must have, whatever the values.
function checkPod(doc, where) {
  const pod = podSpecOf(doc);
  const psc = pod.securityContext ?? {};
  if (psc.runAsNonRoot !== true) fail(`${where}: pod securityContext.runAsNonRoot is not true`);
  if (psc.seccompProfile?.type !== "RuntimeDefault") fail(`${where}: pod seccompProfile is not RuntimeDefault`);
  for (const c of pod.containers) {
    const csc = c.securityContext ?? {};
    const at = `${where} container ${c.name}`;
    if (csc.readOnlyRootFilesystem !== true) fail(`${at}: readOnlyRootFilesystem is not true`);
    if (csc.allowPrivilegeEscalation !== false) fail(`${at}: allowPrivilegeEscalation is not false`);
    if (!(csc.capabilities?.drop ?? []).includes("ALL")) fail(`${at}: capabilities.drop lacks ALL`);
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) {
        if (c.resources?.[kind]?.[resource] === undefined) fail(`${at}: no ${kind}.${resource}`);
      }
    }
    if (!c.readinessProbe || !c.livenessProbe) fail(`${at}: readiness and liveness probes are required`);
    if (/:latest$|^[^:]+$/.test(c.image)) fail(`${at}: image ${c.image} has no pinned tag`);
  }
}

// The four services: Quarkus health endpoints, graceful shutdown (quarkus.shutdown.timeout=20s), a writable /tmp.
function checkService(doc, where, grace) {
  const pod = podSpecOf(doc);
  const c = pod.containers[0];
  const probes = { startupProbe: "/q/health/started", readinessProbe: "/q/health/ready", livenessProbe: "/q/health/live" };
  for (const [probe, path] of Object.entries(probes)) {
    if (c[probe]?.httpGet?.path !== path) fail(`${where}: ${probe} must GET ${path}`);
  }
  const sleep = Number(c.lifecycle?.preStop?.exec?.command?.[1] ?? NaN);
  if (Number.isNaN(sleep)) fail(`${where}: no preStop sleep`);
  if (!(pod.terminationGracePeriodSeconds > sleep + grace.appShutdownTimeoutSeconds)) {
    fail(`${where}: terminationGracePeriodSeconds must exceed preStop + the app's ${grace.appShutdownTimeoutSeconds}s shutdown timeout`);
  }
  const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
  const volume = tmp && (pod.volumes ?? []).find((v) => v.name === tmp.name);
  if (!volume?.emptyDir) fail(`${where}: /tmp must be an emptyDir`);
}

// Environment variables a service reads: those CONTRIBUTING.md's table lists for it, and those its
// application.properties references as ${NAME...}. The chart must set no other (besides Quarkus' own QUARKUS_*
// and the JVM image's JAVA_OPTS_APPEND), so a renamed variable fails here instead of silently in a cluster.
const SERVICES = ["gateway", "catalog", "order", "worker"];

function readEnv(contributing) {
  const table = readFileSync(contributing, "utf8").split("## Environment variables")[1]?.split("\n## ")[0] ?? "";
  const env = Object.fromEntries(SERVICES.map((s) => [s, new Set()]));
  for (const line of table.split("\n")) {
    const [, names = "", users = ""] = line.split("|");
    const readers = /each service/.test(users) ? SERVICES : SERVICES.filter((s) => users.includes(s));
    for (const match of names.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) {
      readers.forEach((s) => env[s].add(match[1]));
    }
  }
  for (const s of SERVICES) {
    const file = join(dirname(contributing), `${s}-service/src/main/resources/application.properties`);
    const properties = existsSync(file) ? readFileSync(file, "utf8") : "";
    for (const match of properties.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
      env[s].add(match[1]);
    }
  }
  return env;
}

function matchesSelector(labels, selector) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

async function validate(contributing, files) {
  const allowedEnv = readEnv(contributing);
  if (!allowedEnv.gateway.has("JWT_PUBLIC_KEY_LOCATION")) fail(`${contributing}: environment table not found`);
  let count = 0;
  for (const file of files) {
    const docs = loadDocuments(file);
    const named = (kind, name) => docs.find((d) => d.kind === kind && d.metadata?.name === name);
    const pods = docs.filter(podSpecOf).map((d) => ({ doc: d, labels: d.spec.template.metadata?.labels ?? {} }));
    for (const doc of docs) {
      count++;
      const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
      const Model = await modelClass(doc.apiVersion ?? "", doc.kind ?? "");
      if (!Model) {
        fail(`${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
        continue;
      }
      const seen = { reads: new Map(), maps: new Set() };
      try {
        Model.prototype.validate.call(tracked(doc, "", seen));
      } catch (e) {
        fail(`${where}: ${e.message}`);
      }
      const unknown = [];
      unknownFields(doc, "", seen, unknown);
      for (const path of unknown) fail(`${where}: unknown field ${path}`);

      const component = doc.metadata?.labels?.["app.kubernetes.io/component"];
      const isService = SERVICES.includes(component);
      if (podSpecOf(doc)) {
        checkPod(doc, where);
        if (doc.kind === "Deployment" && isService) {
          checkService(doc, where, { appShutdownTimeoutSeconds: 20 });
          const container = doc.spec.template.spec.containers[0];
          const cm = named("ConfigMap", container.envFrom?.[0]?.configMapRef?.name);
          if (!cm) fail(`${where}: its ConfigMap is not rendered`);
          const names = [...Object.keys(cm?.data ?? {}), ...(container.env ?? []).map((e) => e.name)];
          for (const name of names) {
            if (!allowedEnv[component].has(name) && !/^(QUARKUS_|JAVA_OPTS_APPEND$)/.test(name)) {
              fail(`${where}: the ${component} service reads no ${name} (CONTRIBUTING.md, application.properties)`);
            }
          }
          if (!named("ServiceAccount", doc.spec.template.spec.serviceAccountName)) fail(`${where}: no ServiceAccount`);
        }
      }
      if (doc.kind === "Service" && !pods.some((p) => matchesSelector(p.labels, doc.spec.selector))) {
        fail(`${where}: selects no pod template`);
      }
      if (["PodDisruptionBudget", "NetworkPolicy"].includes(doc.kind)) {
        const selector = doc.kind === "NetworkPolicy" ? doc.spec.podSelector.matchLabels : doc.spec.selector.matchLabels;
        if (!pods.some((p) => matchesSelector(p.labels, selector))) fail(`${where}: selects no pod template`);
      }
      if (doc.kind === "HorizontalPodAutoscaler" || doc.kind === "ScaledObject") {
        const target = named("Deployment", doc.spec.scaleTargetRef.name);
        if (!target) fail(`${where}: scale target is not a rendered Deployment`);
        else if (target.spec.replicas !== undefined) fail(`${where}: the Deployment also fixes replicas`);
      }
      if (doc.kind === "ServiceMonitor") {
        const svc = docs.find((d) => d.kind === "Service" && matchesSelector(d.metadata.labels, doc.spec.selector.matchLabels));
        const ports = (svc?.spec.ports ?? []).map((p) => p.name);
        if (!doc.spec.endpoints.every((e) => ports.includes(e.port) && e.path === "/q/metrics")) {
          fail(`${where}: endpoints must scrape /q/metrics on a port of a selected Service`);
        }
      }
    }
  }
  console.log(`validated ${count} documents in ${files.length} files`);
}

function rules(rendered, out) {
  const rule = loadDocuments(rendered).find((d) => d.kind === "PrometheusRule");
  if (!rule) {
    fail(`${rendered}: no PrometheusRule rendered`);
    return;
  }
  writeFileSync(out, stringify({ groups: rule.spec.groups }));
}

function dashboard(file, schemaFile, out) {
  const json = JSON.parse(readFileSync(file, "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  const check = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
  if (!check(json)) {
    for (const e of check.errors) fail(`${file}${e.instancePath} ${e.message}`);
  }
  const panels = (json.panels ?? []).filter((p) => p.type !== "row");
  const ids = (json.panels ?? []).map((p) => p.id);
  if (new Set(ids).size !== ids.length) fail(`${file}: panel ids are not unique`);
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  // What the issue asks the dashboard to show, by the metric names the services agreed on.
  const required = {
    "request rate": /rate\(http_server_requests_seconds_count/,
    errors: /status=~"5\.\."/,
    p50: /histogram_quantile\(0\.5,/,
    p95: /histogram_quantile\(0\.95,/,
    p99: /histogram_quantile\(0\.99,/,
    "cache hit ratio": /cache_gets_total\{[^}]*result="hit"/,
    "queue depth": /fastshop_jobs_queue_depth/,
    replicas: /kube_deployment_status_replicas_available/,
  };
  for (const [what, pattern] of Object.entries(required)) {
    if (!exprs.some((e) => pattern.test(e))) fail(`${file}: no panel shows ${what}`);
  }
  // Grafana's variables are not PromQL: substitute them so promtool can parse each query.
  const promql = (e) =>
    e.replaceAll("$__rate_interval", "5m").replaceAll("$namespace", "default").replaceAll("$job", ".*");
  const asRules = exprs.map((e, i) => ({ record: `dashboard:query_${i}`, expr: promql(e) }));
  writeFileSync(out, stringify({ groups: [{ name: "dashboard-queries", rules: asRules }] }));
  console.log(`dashboard: ${panels.length} panels, ${exprs.length} queries`);
}

function adapter(file, rendered, out) {
  const values = loadDocuments(file)[0];
  const served = values.rules.custom.map((r) => r.name.as);
  const wanted = loadDocuments(rendered)
    .filter((d) => d.kind === "HorizontalPodAutoscaler")
    .flatMap((d) => d.spec.metrics.filter((m) => m.type === "Pods").map((m) => m.pods.metric.name));
  if (wanted.length === 0) fail(`${rendered}: no HPA asks for a Pods metric`);
  for (const name of wanted) {
    if (!served.includes(name)) fail(`${file}: serves no ${name}, which the HPAs scale on`);
  }
  // The adapter's Go templates, filled in as the adapter does for one pod.
  const asRules = values.rules.custom.map((r, i) => ({
    record: `adapter:query_${i}`,
    expr: r.metricsQuery
      .replaceAll("<<.Series>>", r.seriesQuery.split("{")[0].replaceAll("'", ""))
      .replaceAll("<<.LabelMatchers>>", 'namespace="default",pod=~"fastshop-gateway-.*"')
      .replaceAll("<<.GroupBy>>", "pod"),
  }));
  writeFileSync(out, stringify({ groups: [{ name: "adapter-queries", rules: asRules }] }));
}

function secrets(rendered, out) {
  const docs = loadDocuments(rendered);
  for (const s of docs.filter((d) => d.kind === "Secret")) {
    console.log(`${s.metadata.name} ${Object.keys(s.data ?? {}).sort().join(",")}`);
  }
  const kept = readFileSync(rendered, "utf8")
    .split(/^---\s*$/m)
    .filter((chunk) => !/^kind: Secret$/m.test(chunk))
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => chunk.replace(/^\n+/, ""));
  writeFileSync(out, kept.map((chunk) => `---\n${chunk}`).join(""));
}

function references(rendered) {
  const docs = loadDocuments(rendered);
  const generated = new Set(docs.filter((d) => d.kind === "Secret").map((d) => d.metadata.name));
  const used = new Map();
  const use = (name, key) => {
    if (!generated.has(name)) {
      if (!used.has(name)) used.set(name, new Set());
      used.get(name).add(key);
    }
  };
  for (const pod of docs.map(podSpecOf).filter(Boolean)) {
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) use(ref.name, ref.key);
      }
    }
    for (const v of pod.volumes ?? []) {
      if (v.secret) (v.secret.items ?? [{ key: "*" }]).forEach((item) => use(v.secret.secretName, item.key));
    }
  }
  for (const [name, keys] of [...used].sort()) console.log(`${name} ${[...keys].sort().join(",")}`);
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  validate: () => validate(args[0], args.slice(1)),
  rules: () => rules(args[0], args[1]),
  dashboard: () => dashboard(args[0], args[1], args[2]),
  adapter: () => adapter(args[0], args[1], args[2]),
  secrets: () => secrets(args[0], args[1]),
  references: () => references(args[0]),
};
if (!commands[command]) {
  console.error("usage: node check.mjs validate|rules|dashboard|adapter|secrets|references ARGS");
  process.exit(2);
}
await commands[command]();
