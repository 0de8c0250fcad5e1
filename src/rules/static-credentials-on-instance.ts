import { stringShape } from '../graph/queries/strings.js';
import type { Graph, Resource } from '../graph/types.js';
import { alternatives, valuesUnder, type Value } from '../graph/value.js';
import { decodedUserData, findCredentials, type CredentialMatch } from '../aws/credential-patterns.js';
import { locateWithin } from '../graph/queries/source-text.js';
import type { Rule } from '../shared/rule.js';

/** Kinds that start instances with user data. */
const launchers: ReadonlySet<Resource['kind']> = new Set(['ec2.instance', 'ec2.launch-template', 'autoscaling.launch-configuration']);

const kindLabel: Partial<Record<Resource['kind'], string>> = {
  'ec2.instance': 'instance',
  'ec2.launch-template': 'launch template',
  'autoscaling.launch-configuration': 'launch configuration',
};

/** Attributes of `AWS::IAM::AccessKey` / `aws_iam_access_key` that are the secret. */
const secretAttributes: ReadonlySet<string> = new Set(['other:SecretAccessKey', 'other:secret', 'other:ses_smtp_password_v4']);

const describe: Record<CredentialMatch['kind'], (m: CredentialMatch) => string> = {
  'access-key-id': (m) => `an access key id ${m.shown}`,
  'secret-access-key': () => 'a secret access key (not shown) assigned to aws_secret_access_key',
  'secret-assignment': () => 'a value (not shown) assigned to aws_secret_access_key',
  'configure-secret': () => 'an "aws configure set aws_secret_access_key" command',
};

const fix = 'give the instance an instance profile whose role has the permissions it needs, and deactivate the access key';

export const staticCredentialsOnInstance: Rule = {
  id: 'static-credentials-on-instance',
  severity: 'error',
  summary: 'Long-lived access keys are handed to an instance instead of an instance profile',
  docs: {
    what: "Flags an EC2 instance, launch template or launch configuration that is handed long-lived credentials: a reference to an access key's secret (`!GetAtt Key.SecretAccessKey`, `aws_iam_access_key.k.secret`) anywhere in it, or user data (plain, `Fn::Base64`, `base64encode`, or already base64-encoded) that contains an access key id (`AKIA…`/`ASIA…`), assigns `aws_secret_access_key` / `AWS_SECRET_ACCESS_KEY`, or runs `aws configure set aws_secret_access_key`. Messages never show the secret: an access key id is printed as `AKIA****************`.",
    why: 'User data is readable by anyone who can call ec2:DescribeInstanceAttribute and by every process on the instance (through IMDS), is kept in launch template versions, and the keys never expire or rotate. An instance profile gives the instance temporary credentials that rotate by themselves.',
    fix: 'Remove the keys; attach an instance profile whose role grants what the instance needs (`IamInstanceProfile` / `iam_instance_profile`), and deactivate and delete the access key.',
  },
  check(graph, report) {
    for (const r of graph.resources) {
      if (!launchers.has(r.kind) || r.external) continue;
      const label = `${kindLabel[r.kind] ?? r.type} ${r.address}`;
      let secretReferenced = false;
      for (const ref of valuesUnder(r.props, 12)) {
        if (ref.kind !== 'ref') continue;
        const key = graph.resource(ref.target);
        if (key?.kind !== 'iam.access-key' || !secretAttributes.has(ref.attribute)) continue;
        secretReferenced = true;
        report({
          at: ref,
          resource: r,
          message: `The ${label} is handed the secret of access key ${key.address} (${ref.text})`,
          help: `${fix}: an access key is a long-lived IAM user credential`,
          related: [{ loc: key.loc, message: `access key ${key.address} is declared here` }],
        });
      }
      for (const userData of [r.canonical.userData, r.canonical.userDataBase64]) {
        if (userData) scanUserData(userData, r, label, graph, report, secretReferenced);
      }
    }
  },
};

/** Reports the credentials in user data; where a secret reference was reported, the command or variable that takes it is not reported again. */
function scanUserData(
  value: Value,
  r: Resource,
  label: string,
  graph: Graph,
  report: Parameters<Rule['check']>[1],
  secretReferenced: boolean,
): void {
  for (const option of alternatives(value)) {
    const shape = stringShape(option, graph);
    if (!shape) continue;
    const text = decodedUserData(shape.text) ?? shape.text;
    let from = option.loc.range.start.offset;
    for (const m of findCredentials(text)) {
      if (secretReferenced && m.kind !== 'access-key-id') continue;
      const located = locateWithin(graph, option.loc, m.text, from);
      from = located.next;
      report({
        at: located.loc,
        resource: r,
        message: `The user data of ${label} contains ${describe[m.kind](m)}`,
        help: `${fix}: user data hands long-lived keys to the instance`,
      });
    }
  }
}
