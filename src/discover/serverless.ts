import path from 'node:path';

/** The Serverless Framework's service file, whose `resources` may pull in CloudFormation fragments. */
const SERVICE_FILE = /^serverless\.ya?ml$/;

/** `${file(resources/iam.yml)}` or `${file(./resources/iam.yml):Resources}`; a path built from variables is not followed. */
const FILE_INCLUDE = /\$\{file\(\s*([^()$\s]+?)\s*\)/g;

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
