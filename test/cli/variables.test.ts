import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/cli/options.js';

describe('--var, --var-file, --explain, --debug-graph', () => {
  it('repeatable --var name=value (the value verbatim after the first =, later wins) and --var-file in order', () => {
    const options = parseCommandLine(['--var', 'a=x=y', '--var-file', 'one.tfvars', '--var', 'b=', '--var', 'a=z', '--var-file=two.tfvars', 'dir']);
    expect(options).toMatchObject({ variables: { a: 'z', b: '' }, varFiles: ['one.tfvars', 'two.tfvars'], paths: ['dir'] });
  });

  it('--explain and --debug-graph are flags; none of them given, none is set', () => {
    expect(parseCommandLine(['--explain', '--debug-graph'])).toMatchObject({ explain: true, debugGraph: true });
    const plain = parseCommandLine([]);
    expect(plain).not.toHaveProperty('variables');
    expect(plain).not.toHaveProperty('explain');
  });

  it('a --var without a name is a usage error', () => {
    expect(() => parseCommandLine(['--var', 'novalue'])).toThrow(UsageError);
    expect(() => parseCommandLine(['--var', '=x'])).toThrow('--var expects name=value (got "=x")');
  });
});
