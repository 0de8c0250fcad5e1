import path from 'node:path';
import { isWithin } from '../shared/within.js';

/** The Serverless Framework's service file, whose `resources` may pull in CloudFormation fragments. */
const SERVICE_FILE = /^serverless\.ya?ml$/;
export const SERVICE_FILE_NAMES = ['serverless.yml', 'serverless.yaml'];

/** `${file(resources/iam.yml)}` or `${file(./resources/iam.yml):Resources}`; a path built from variables is not followed. */
const FILE_INCLUDE = /\$\{file\(\s*([^()$\s]+?)\s*\)/g;

export function isServiceFile(fileName: string): boolean {
  return SERVICE_FILE.test(path.basename(fileName));
}

/** A top-level `resources:` key: CloudFormation the framework adds to the service's stack. */
const RESOURCES_KEY = /^resources[ \t]*:/m;
/** An indented `Resources:` (or `- Resources:`): that CloudFormation is written in the service file itself, not only included. */
const INLINE_RESOURCES = /^[ \t]+(?:-[ \t]+)?Resources[ \t]*:/m;

/** A `serverless.yml` that writes CloudFormation resources of its own (`resources: Resources: ...`): linted as a template. */
export function isServiceFileWithResources(fileName: string, text: string): boolean {
  return SERVICE_FILE.test(path.basename(fileName)) && RESOURCES_KEY.test(text) && INLINE_RESOURCES.test(text);
}

// The framework merges these files with the resources it generates (ServerlessDeploymentBucket, roles) into one stack.
/** The files a `serverless.yml` includes with `${file(...)}`, as absolute paths; empty for any other file. */
export function serverlessIncludes(abs: string, text: string): string[] {
  if (!SERVICE_FILE.test(path.basename(abs))) return [];
  const dir = path.dirname(abs);
  return [...text.matchAll(FILE_INCLUDE)].map((m) => path.resolve(dir, m[1]));
}

/**
 * Where a `serverless.yml` puts a file it includes, when that is not a whole stack fragment:
 * `resources: Resources: ${file(x.yml)}` makes the file (or the key `${file(x.yml):key}` selects
 * in it) the map of resources; `resources: Resources: Name: ${file(x.yml)}` makes it the one
 * resource `Name`. Either way the file is CloudFormation without a `Resources` key of its own.
 */
export interface ServerlessPlacement {
  /** The keys the include selects in the file (`:a.b`), outermost first; empty for the whole file. */
  select: string[];
  /** The logical id of the one resource the file is, or undefined where it is a map of resources. */
  resource?: string;
}

/**
 * `key:` or `- key:` with what follows it; a key as YAML writes it plainly or quoted. A plain key
 * ends on a character that is not a space, so no run of spaces can be read two ways (linear time).
 */
const KEY_LINE = /^( *)(- +)?("[^"]*"|'[^']*'|[^\s#'"{[:](?:[^:#]*[^\s:#])?) *:(?: +(.*))?$/;
/** `- value`: a sequence item that is not a mapping. */
const ITEM_LINE = /^( *)- +(.*)$/;
/** A value that is one include and nothing else: `${file(./x.yml)}`, `${file(x.yml):a.b}`, quoted or not. */
const WHOLE_INCLUDE = /^(["']?)\$\{file\(\s*([^()$\s]+?)\s*\)(?::\s*([\w.-]+))?\s*\}\1(?:\s+#.*)?$/;

/** A value that is one `${file(...)}` include and nothing else (a resource or map of them written in another file). */
export function isWholeInclude(value: string): boolean {
  return WHOLE_INCLUDE.test(value.trim());
}

/** The files a `serverless.yml` places as resources (absolute path -> where, each place it is put); empty for any other file. */
export function serverlessPlacements(abs: string, text: string): Map<string, ServerlessPlacement[]> {
  return SERVICE_FILE.test(path.basename(abs)) ? placementsIn(path.dirname(abs), text, []) : new Map();
}

/**
 * What a file a service includes includes in turn (an index of resource files): the framework resolves
 * each `${file(...)}` against the service's directory, wherever it is written. `site` is where the file
 * stands in the service file (`['resources']` for a fragment of sections, `['resources', 'Resources']`
 * for the map of resources), so that its own keys continue the service file's.
 */
export function nestedIncludes(serviceDir: string, text: string, site: readonly string[]): { includes: string[]; placements: Map<string, ServerlessPlacement[]> } {
  return { includes: [...text.matchAll(FILE_INCLUDE)].map((m) => path.resolve(serviceDir, m[1])), placements: placementsIn(serviceDir, text, site) };
}

function placementsIn(dir: string, text: string, site: readonly string[]): Map<string, ServerlessPlacement[]> {
  const placements = new Map<string, ServerlessPlacement[]>();
  for (const written of keyedValues(text)) {
    const keys = [...site, ...written.keys];
    const value = written.value;
    const include = WHOLE_INCLUDE.exec(value);
    if (!include || keys[0] !== 'resources' || keys[1] !== 'Resources' || keys.length > 3) continue;
    const file = path.resolve(dir, include[2]);
    const select = include[3] === undefined ? [] : include[3].split('.');
    // One file may be placed several times, a key of it each time (`AppRole: ${file(roles.yml):AppRole}`, `JobRole: ...:JobRole`).
    const placement = keys.length === 3 ? { select, resource: keys[2] } : { select };
    placements.set(file, [...(placements.get(file) ?? []), placement]);
  }
  return placements;
}

/**
 * The `serverless.yml` in a file's directory or one above it, up to `root`, that places the file as
 * resources, with where; `read` gives a file's text (or undefined), as its caller may read it.
 */
export function placingServiceFile(file: string, root: string, read: (abs: string) => string | undefined): { service: string; placements: ServerlessPlacement[] } | undefined {
  const found = serviceFileAbove(file, root, read, (service, text) => serverlessPlacements(service, text).get(file));
  return found && { service: found.service, placements: found.found };
}

/**
 * The `serverless.yml` in a file's directory or one above it, up to `root`, that includes the file
 * (`${file(...)}`, anywhere in it), with every file it includes: the files of the service's stack.
 */
export function includingServiceFile(file: string, root: string, read: (abs: string) => string | undefined): { service: string; includes: string[] } | undefined {
  const found = serviceFileAbove(file, root, read, (service, text) => {
    const includes = serverlessIncludes(service, text);
    return includes.includes(file) ? includes : undefined;
  });
  return found && { service: found.service, includes: found.found };
}

function serviceFileAbove<T>(file: string, root: string, read: (abs: string) => string | undefined, test: (service: string, text: string) => T | undefined): { service: string; found: T } | undefined {
  for (let dir = path.dirname(file); isWithin(root, dir); dir = path.dirname(dir)) {
    for (const name of SERVICE_FILE_NAMES) {
      const service = path.join(dir, name);
      const text = service === file ? undefined : read(service);
      const found = text === undefined ? undefined : test(service, text);
      if (found !== undefined) return { service, found };
    }
    if (dir === root || path.dirname(dir) === dir) return undefined;
  }
  return undefined;
}

/**
 * Each value written on the same line as its key, with the keys leading to it: a reading of block
 * YAML by indentation that needs no parse, as discovery reads every file and parses only templates.
 */
function keyedValues(text: string): Array<{ keys: string[]; value: string }> {
  const found: Array<{ keys: string[]; value: string }> = [];
  const open: Array<{ indent: number; key: string }> = [];
  const path = (): string[] => open.map((o) => o.key);
  // A key with nothing after it, whose value may be a plain scalar on the next line (`Resources:` then `${file(x.yml)}`).
  let bare: { indent: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const keyed = KEY_LINE.exec(line);
    const under = bare;
    bare = undefined;
    if (keyed) {
      const indent = keyed[1].length + (keyed[2]?.length ?? 0);
      while (open.length > 0 && open[open.length - 1].indent >= indent) open.pop();
      open.push({ indent, key: unquoted(keyed[3]) });
      if (keyed[4] !== undefined && keyed[4].trim() !== '') found.push({ keys: path(), value: keyed[4].trim() });
      else bare = { indent };
      continue;
    }
    const item = ITEM_LINE.exec(line);
    if (!item) {
      if (under && line.length - content.length > under.indent) found.push({ keys: path(), value: content.trim() });
      continue;
    }
    // A `- ` item belongs to the key above it even when written at that key's own column.
    while (open.length > 0 && open[open.length - 1].indent > item[1].length) open.pop();
    found.push({ keys: path(), value: item[2].trim() });
  }
  return found;
}

function unquoted(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

/**
 * A Serverless Framework variable (`${self:service}`, `${sls:stage}`, `${opt:stage, 'dev'}`,
 * `${env:X}`, `${file(x.yml):k}`, `${ssm:/p}`, `${ssm(eu-west-1):/p}`, `${cf:stack.out}`,
 * `${param:x}`, `${aws:region}`, `${s3:bucket/key}`). Never CloudFormation: a `Fn::Sub` variable
 * is a logical id, a parameter or `AWS::...`, none with a lowercase source and `:`; nor a shell
 * expansion in user data (`${opt:-default}`): the address after `:` starts with a name, a path or
 * a variable. Nor an IAM policy variable, which a policy in any template may hold (`${aws:username}`,
 * `${aws:PrincipalTag/team}`, `${s3:prefix}`, `${redshift:DbUser}`): the framework's `aws` source has
 * only `accountId` and `region`, and its `s3` source names a bucket and a key.
 */
export const SERVERLESS_VARIABLE =
  /\$\{\s*(?:(?:file|strToBool)\(|(?:self|sls|opt|env|ssm|cf|param|git)(?:\([^()]*\))?:\s*[\w/$.{]|aws:(?:accountId|region)\s*[,}]|s3:[\w.-]+\/)/;

/**
 * A file that uses Serverless variables is read by the Serverless Framework, which
 * resolves them and merges the file into its service's stack: a fragment even when no
 * `serverless.yml` in the run includes it (a pre-commit hook passes only the changed file).
 */
export function usesServerlessVariables(text: string): boolean {
  return SERVERLESS_VARIABLE.test(text);
}

/** What a fragment no `serverless.yml` of the run includes is assembled by, as its messages say. */
export const UNSEEN_SERVICE_FILE = 'a serverless.yml';
