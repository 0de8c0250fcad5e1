import path from 'node:path';

/** The Serverless Framework's service file, whose `resources` may pull in CloudFormation fragments. */
const SERVICE_FILE = /^serverless\.ya?ml$/;

/** `${file(resources/iam.yml)}` or `${file(./resources/iam.yml):Resources}`; a path built from variables is not followed. */
const FILE_INCLUDE = /\$\{file\(\s*([^()$\s]+?)\s*\)/g;

// The framework merges these files with the resources it generates (ServerlessDeploymentBucket, roles) into one stack.
/** The files a `serverless.yml` includes with `${file(...)}`, as absolute paths; empty for any other file. */
export function serverlessIncludes(abs: string, text: string): string[] {
  if (!SERVICE_FILE.test(path.basename(abs))) return [];
  const dir = path.dirname(abs);
  return [...text.matchAll(FILE_INCLUDE)].map((m) => path.resolve(dir, m[1]));
}
