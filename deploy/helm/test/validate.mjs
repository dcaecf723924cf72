// Validates each manifest of the rendered chart (multi-document YAML files named as arguments) against the Kubernetes API's JSON
// schemas, as compiled by kubernetes-models (ADR 23); those allow fields the API does not know (a misspelt
// "readinessprobe" would pass), so each manifest is also type-checked as an object literal of kubernetes-models'
// TypeScript type, whose excess-property check refuses unknown fields, as the API server's strict field
// validation does. Then it checks what the chart promises an operator: every pod
// non-root with a read-only root filesystem and resources, the service probed, migrations a pre-install/pre-upgrade
// hook, ingress only to the HTTP port. Prints one line per manifest; exits 1 on any failure.
import { parseAllDocuments } from "yaml";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { readFileSync } from "node:fs";

// Each argument is one rendering (a file of multi-document YAML); all are type-checked in one TypeScript program.
const renderings = process.argv.slice(2);

const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);

async function modelFor(apiVersion, kind) {
  // "v1" is the core group (kubernetes-models/v1/Service), "apps/v1" a named one (kubernetes-models/apps/v1/Deployment).
  try {
    return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

// The ConfigMaps rendered so far, by name, for the settings a container takes through envFrom.
const configMaps = new Map();

function checkPod(where, spec, { probed }) {
  if (spec?.securityContext?.runAsNonRoot !== true) fail(where, "the pod must run as non-root");
  for (const container of spec?.containers ?? []) {
    const at = `${where} container ${container.name}`;
    const env = Object.assign({}, ...(container.envFrom ?? []).map((from) => configMaps.get(from.configMapRef?.name) ?? {}),
      ...(container.env ?? []).filter((e) => "value" in e).map((e) => ({ [e.name]: e.value })));
    // The service and `migrate` both read the JWKS as their host is built: whoever is told of it must have it mounted.
    const jwks = env.Authentication__JwksFile;
    if (jwks && !(container.volumeMounts ?? []).some((m) => jwks.startsWith(`${m.mountPath}/`))) fail(at, `${jwks} is not mounted`);
    if (!env.Authentication__Audience || !(env.Authentication__Authority || (env.Authentication__Issuer && jwks))) {
      fail(at, "the authentication settings (audience, and an authority or an issuer with a JWKS) must reach the container");
    }
    if (container.securityContext?.readOnlyRootFilesystem !== true) fail(at, "the root filesystem must be read-only");
    if (container.securityContext?.allowPrivilegeEscalation !== false) fail(at, "privilege escalation must be off");
    if (!container.resources?.requests || !container.resources?.limits?.memory) fail(at, "requests and a memory limit are required");
    if (probed && (container.readinessProbe?.httpGet?.path !== "/health/ready" || container.livenessProbe?.httpGet?.path !== "/health/live")) {
      fail(at, "readiness must probe /health/ready and liveness /health/live");
    }
  }
}

const kinds = [];
const typed = [];
for (const rendering of renderings) {
  configMaps.clear();
  for (const document of parseAllDocuments(readFileSync(rendering, "utf8"))) {
    if (document.errors.length) {
      fail("yaml", document.errors.map((e) => e.message).join("; "));
      continue;
    }
    const manifest = document.toJS();
    if (manifest === null) continue;
    const where = `${path.basename(rendering)}: ${manifest.kind ?? "?"}/${manifest.metadata?.name ?? "?"}`;
    const Model = await modelFor(manifest.apiVersion, manifest.kind);
    if (!Model) {
      fail(where, `no schema for ${manifest.apiVersion} ${manifest.kind}`);
      continue;
    }
    try {
      new Model(manifest).validate();
    } catch (error) {
      fail(where, error.message);
      continue;
    }
    if (!manifest.metadata?.name) fail(where, "metadata.name is required");
    kinds.push(manifest.kind);
    typed.push({ where, apiVersion: manifest.apiVersion, kind: manifest.kind, manifest });
    switch (manifest.kind) {
      case "ConfigMap":
        configMaps.set(manifest.metadata.name, manifest.data ?? {});
        break;
      case "Deployment":
        checkPod(where, manifest.spec.template.spec, { probed: true });
        break;
      case "Job": {
        checkPod(where, manifest.spec.template.spec, { probed: false });
        const hook = manifest.metadata.annotations?.["helm.sh/hook"] ?? "";
        if (!hook.includes("pre-install") || !hook.includes("pre-upgrade")) fail(where, "the migration must be a pre-install and pre-upgrade hook");
        const args = manifest.spec.template.spec.containers[0]?.args ?? [];
        if (args[0] !== "migrate") fail(where, "the job must run `casework migrate`");
        const env = manifest.spec.template.spec.containers[0]?.env ?? [];
        if (!env.some((e) => e.name === "ConnectionStrings__CaseworkOwner" && e.valueFrom?.secretKeyRef)) fail(where, "the job must migrate as the owner, from a Secret");
        break;
      }
      case "NetworkPolicy":
        for (const rule of manifest.spec.ingress ?? []) {
          if (!(rule.ports ?? []).length || rule.ports.some((p) => p.port !== 8080)) fail(where, "ingress only to the HTTP port 8080");
        }
        break;
    }
    console.log(`checked ${manifest.apiVersion} ${where}`);
  }
}

// Unknown fields: one TypeScript file (in memory, beside node_modules) with each manifest as a typed constant.
const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(here, "manifests.ts");
const source = typed
  .map(({ apiVersion, kind, manifest }, i) =>
    `import type { I${kind} as T${i} } from "kubernetes-models/${apiVersion}/${kind}";\nexport const m${i}: T${i} = ${JSON.stringify(manifest)};`)
  .join("\n");
const options = { noEmit: true, strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true };
const host = ts.createCompilerHost(options);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (name, language) => (name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language));
const fileExists = host.fileExists.bind(host);
host.fileExists = (name) => name === file || fileExists(name);
const program = ts.createProgram([file], options, host);
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
  const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
  const owner = typed[Math.floor(line / 2)]?.where ?? "chart";
  fail(owner, ts.flattenDiagnosticMessageText(diagnostic.messageText, " "));
}

if (!kinds.length) fail("chart", "rendered no manifest");
for (const failure of failures) console.error(`invalid ${failure}`);
if (!failures.length) console.log(`valid: ${kinds.length} manifests`);
process.exit(failures.length ? 1 : 0);
