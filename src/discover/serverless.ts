import path from 'node:path';

/** The Serverless Framework's service file, whose `resources` may pull in CloudFormation fragments. */
const SERVICE_FILE = /^serverless\.ya?ml$/;

/** `${file(resources/iam.yml)}` or `${file(./resources/iam.yml):Resources}`; a path built from variables is not followed. */
const FILE_INCLUDE = /\$\{file\(\s*([^()$\s]+?)\s*\)/g;

/**
 * The files a Serverless Framework service (`serverless.yml`) includes with
 * `${file(...)}`, as absolute paths. The framework merges them with the
 * resources it generates (the functions' roles, `ServerlessDeploymentBucket`,
 * `<Name>LambdaFunction`) into one stack, so a fragment may refer to names
 * none of the files declares. Empty for any other file.
 */
export function serverlessIncludes(abs: string, text: string): string[] {
  if (!SERVICE_FILE.test(path.basename(abs))) return [];
  const dir = path.dirname(abs);
  return [...text.matchAll(FILE_INCLUDE)].map((m) => path.resolve(dir, m[1]));
}
