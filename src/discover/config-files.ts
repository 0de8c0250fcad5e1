// Which files make a Terraform/OpenTofu module, in one place: discovery, the builder and the
// module loader agree on it. OpenTofu reads `.tofu` and `.tofu.json` beside `.tf` and
// `.tf.json`, and where `x.tofu` and `x.tf` both exist it loads `x.tofu` alone (likewise
// `x.tofu.json` over `x.tf.json`): https://opentofu.org/docs/language/files/

/** `.tf`, `.tf.json`, `.tofu`, `.tofu.json`. */
export const CONFIG_FILE = /\.(?:tf|tofu)(?:\.json)?$/i;

export function isConfigFile(name: string): boolean {
  return CONFIG_FILE.test(name);
}

/** JSON syntax: `.tf.json` or `.tofu.json`. */
export function isJsonConfigFile(name: string): boolean {
  return /\.(?:tf|tofu)\.json$/i.test(name);
}

/** The name without its configuration extension (`main.tofu.json` → `main`). */
export function configBaseName(name: string): string {
  return name.replace(CONFIG_FILE, '');
}

/** Drops `x.tf` where `x.tofu` is in the same list and `x.tf.json` where `x.tofu.json` is, as OpenTofu loads them. */
export function withoutShadowed<T>(files: readonly T[], pathOf: (file: T) => string): T[] {
  const paths = new Set(files.map((f) => pathOf(f).toLowerCase()));
  return files.filter((f) => {
    const p = pathOf(f).toLowerCase();
    const m = /\.tf(\.json)?$/.exec(p);
    return !m || !paths.has(`${p.slice(0, m.index)}.tofu${m[1] ?? ''}`);
  });
}

/**
 * A file of a module installed by `terraform init` (under `.terraform/`):
 * third-party code, followed for the values it passes on but not linted, as
 * discovery does not lint it. Findings there are the module author's to fix;
 * a finding caused by the caller's value is reported at the caller anyway.
 */
export function isInstalledModuleFile(file: string): boolean {
  return file.split(/[\\/]/).includes('.terraform');
}
