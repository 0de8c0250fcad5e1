import { stringShape } from '../graph/queries/strings.js';
import type { Graph, Resource } from '../graph/types.js';
import { alternatives, valuesUnder, type Value } from '../graph/value.js';
import { decodedUserData, findCredentials, type CredentialMatch } from '../aws/credential-patterns.js';
import { locateWithin } from '../graph/queries/source-text.js';
import type { Rule } from './rule.js';
import { launcherLabel, launchesInstances } from '../graph/kinds.js';
import { dialectOf } from '../graph/dialect.js';
import { startOffset } from '../shared/source.js';

/** What the user data holds, by the kind of credential found. */
const found = {
  'access-key-id': 'accessKeyId',
  'secret-access-key': 'secretAccessKey',
  'secret-assignment': 'secretAssignment',
  'configure-secret': 'configureSecret',
} as const satisfies Record<CredentialMatch['kind'], string>;

const fix = 'give the instance an instance profile whose role has the permissions it needs, and deactivate the access key';

export const staticCredentialsOnInstance: Rule<'secretReference' | (typeof found)[CredentialMatch['kind']]> = {
  id: 'static-credentials-on-instance',
  severity: 'error',
  summary: 'Long-lived access keys are handed to an instance instead of an instance profile',
  docs: {
    what: "Flags an EC2 instance, launch template or launch configuration that is handed long-lived credentials: a reference to an access key's secret (`!GetAtt Key.SecretAccessKey`, `aws_iam_access_key.k.secret`) anywhere in it, or user data (plain, `Fn::Base64`, `base64encode`, or already base64-encoded) that contains an access key id (`AKIA…`/`ASIA…`), assigns `aws_secret_access_key` / `AWS_SECRET_ACCESS_KEY`, or runs `aws configure set aws_secret_access_key`. Messages never show the secret: an access key id is printed as `AKIA****************`.",
    why: 'User data is readable by anyone who can call ec2:DescribeInstanceAttribute and by every process on the instance (through IMDS), is kept in launch template versions, and the keys never expire or rotate. An instance profile gives the instance temporary credentials that rotate by themselves.',
    fix: 'Remove the keys; attach an instance profile whose role grants what the instance needs (`IamInstanceProfile` / `iam_instance_profile`), and deactivate and delete the access key.',
  },
  messages: {
    secretReference: 'The {{launcher}} is handed the secret of access key {{key}} ({{reference}})',
    accessKeyId: 'The user data of {{launcher}} contains an access key id {{keyId}}',
    secretAccessKey: 'The user data of {{launcher}} contains a secret access key (not shown) assigned to aws_secret_access_key',
    secretAssignment: 'The user data of {{launcher}} contains a value (not shown) assigned to aws_secret_access_key',
    configureSecret: 'The user data of {{launcher}} contains an "aws configure set aws_secret_access_key" command',
  },
  check(graph, report) {
    for (const r of graph.resources) {
      if (!launchesInstances(r.kind) || r.external) continue;
      const label = `${launcherLabel(r.kind) ?? r.type} ${r.address}`;
      let secretReferenced = false;
      for (const ref of valuesUnder(r.props, 12)) {
        if (ref.kind !== 'ref') continue;
        const key = graph.resource(ref.target);
        if (key?.kind !== 'iam.access-key' || !dialectOf(key).accessKeySecrets.has(ref.attribute)) continue;
        secretReferenced = true;
        report({
          at: ref,
          resource: r,
          messageId: 'secretReference',
          data: { launcher: label, key: key.address, reference: ref.text },
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
  report: Parameters<(typeof staticCredentialsOnInstance)['check']>[1],
  secretReferenced: boolean,
): void {
  for (const option of alternatives(value)) {
    const shape = stringShape(option, graph);
    if (!shape) continue;
    const text = decodedUserData(shape.text) ?? shape.text;
    let from = startOffset(option.loc.range);
    for (const m of findCredentials(text)) {
      if (secretReferenced && m.kind !== 'access-key-id') continue;
      const located = locateWithin(graph, option.loc, m.text, from);
      from = located.next;
      report({
        at: located.loc,
        resource: r,
        messageId: found[m.kind],
        data: { launcher: label, ...(m.kind === 'access-key-id' ? { keyId: m.shown } : {}) },
        help: `${fix}: user data hands long-lived keys to the instance`,
      });
    }
  }
}
