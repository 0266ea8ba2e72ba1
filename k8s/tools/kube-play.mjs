// Turns the chart's rendered manifests into what `podman kube play` (4.3) runs on one host, changing only what it
// cannot do (see .ci/kube-play-check.sh and docs/kubernetes.md):
//   - no Services or cluster DNS: every pod on the host network, upstream URLs to 127.0.0.1, the gateway's discovery
//     static instead of the Kubernetes API;
//   - one network namespace: each management port moved from the chart's shared 9000 to the public port + 1000,
//     probes that name a port given its number, and no container ports (they are the host's);
//   - no secret or configMap volumes: their items become files in a host directory, mounted read-only (hostPath);
//   - Secrets are not read from YAML: the env secretKeyRefs are resolved by podman secrets, one per Secret, written
//     here as JSON for `podman secret create` (the chart's own Secrets, plus the external ones given as input).
// Everything else (images, command, env, security context, resources, probes) is the chart's, as rendered.
//
// usage: node kube-play.mjs RENDERED.yaml EXTERNAL-SECRETS.json OUT-DIR
//   writes OUT-DIR/kube.yaml, OUT-DIR/containers.txt ("<component> <podman container> <memory limit in bytes> <startup probe URL>
//   <startup probe's seconds>" lines),
//   OUT-DIR/secrets/<name>.json and OUT-DIR/volumes/<component>-<volume>/<file>
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";

const [renderedFile, externalFile, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node kube-play.mjs RENDERED.yaml EXTERNAL-SECRETS.json OUT-DIR");
  process.exit(2);
}
const docs = parseAllDocuments(readFileSync(renderedFile, "utf8")).map((d) => d.toJS()).filter(Boolean);
const byKind = (kind) => docs.filter((d) => d.kind === kind);
const configMaps = new Map(byKind("ConfigMap").map((c) => [c.metadata.name, c]));
const secrets = new Map(JSON.parse(readFileSync(externalFile, "utf8")).map((s) => [s.name, s.data]));
for (const secret of byKind("Secret")) {
  const data = { ...secret.stringData };
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    data[key] = Buffer.from(value, "base64").toString("utf8");
  }
  secrets.set(secret.metadata.name, data);
}

const UNITS = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
const bytes = (quantity) => {
  const [, number, unit] = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  return Number(number) * (UNITS[unit] ?? 1);
};
const local = (value) => value.replace(/^http:\/\/[a-z0-9-]+:(\d+)$/, "http://127.0.0.1:$1");
const played = [];
const containers = [];
const usedSecrets = new Set();
for (const deployment of byKind("Deployment")) {
  const component = deployment.metadata.labels["app.kubernetes.io/component"];
  const prefix = component.toUpperCase();
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const config = configMaps.get(container.envFrom[0].configMapRef.name);
  const management = Number(config.data[`${prefix}_PORT`]) + 1000;
  config.data[`${prefix}_MANAGEMENT_PORT`] = String(management);
  for (const [key, value] of Object.entries(config.data)) {
    config.data[key] = local(value);
  }
  if (component === "gateway") {
    config.data.GATEWAY_DISCOVERY = "static";
  }
  played.push(config);

  deployment.spec.replicas = 1;
  pod.hostNetwork = true;
  for (const port of container.ports) {
    if (port.name === "management") {
      port.containerPort = management;
    }
  }
  const portNumber = (port) => (typeof port === "number" ? port : container.ports.find((p) => p.name === port).containerPort);
  for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
    if (container[probe]?.httpGet) {
      container[probe].httpGet.port = portNumber(container[probe].httpGet.port);
    }
  }
  // On the host network the container's ports are the host's: podman refuses port mappings there.
  delete container.ports;
  for (const env of container.env ?? []) {
    if (env.valueFrom?.secretKeyRef) {
      usedSecrets.add(env.valueFrom.secretKeyRef.name);
    } else if (env.valueFrom?.fieldRef?.fieldPath === "metadata.namespace") {
      // kube play sets no namespace; the chart's release namespace, as a cluster would.
      env.value = deployment.metadata.namespace ?? "fastshop";
      delete env.valueFrom;
    }
  }
  pod.volumes = (pod.volumes ?? []).map((volume) => {
    const source = volume.secret
      ? secrets.get(volume.secret.secretName)
      : volume.configMap
        ? configMaps.get(volume.configMap.name)?.data
        : null;
    if (!volume.secret && !volume.configMap) {
      return volume;
    }
    const name = volume.secret?.secretName ?? volume.configMap.name;
    if (!source) {
      throw new Error(`${deployment.metadata.name}: volume ${volume.name} needs ${name}, which is neither rendered nor given`);
    }
    const dir = join(out, "volumes", `${component}-${volume.name}`);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    const items = (volume.secret ?? volume.configMap).items ?? Object.keys(source).map((key) => ({ key, path: key }));
    for (const item of items) {
      // Readable by the pod's uid, as the chart's defaultMode (0440 with fsGroup) makes it on a cluster.
      writeFileSync(join(dir, item.path), source[item.key], { mode: 0o644 });
    }
    return { name: volume.name, hostPath: { path: dir, type: "Directory" } };
  });
  played.push(deployment);
  // podman names a Deployment's pod <name>-pod-0 and its containers <pod>-<container>.
  const started = container.startupProbe.httpGet;
  containers.push([component, `${deployment.metadata.name}-pod-0-${container.name}`, bytes(container.resources.limits.memory),
    `http://127.0.0.1:${started.port}${started.path}`, container.startupProbe.periodSeconds * container.startupProbe.failureThreshold].join(" "));
}

mkdirSync(join(out, "secrets"), { recursive: true });
for (const name of usedSecrets) {
  if (!secrets.has(name)) {
    throw new Error(`Secret ${name} is neither rendered by the chart nor given in ${externalFile}`);
  }
  // podman 4.3 reads a secretKeyRef's Secret as a JSON object of base64 values (Go's []byte).
  const data = Object.fromEntries(
    Object.entries(secrets.get(name)).map(([key, value]) => [key, Buffer.from(value).toString("base64")]),
  );
  writeFileSync(join(out, "secrets", `${name}.json`), JSON.stringify(data), { mode: 0o600 });
}
writeFileSync(join(out, "kube.yaml"), played.map((doc) => stringify(doc)).join("---\n"));
writeFileSync(join(out, "containers.txt"), `${containers.join("\n")}\n`);
console.log(`${played.length / 2} Deployments with their ConfigMaps, ${usedSecrets.size} podman secrets`);
