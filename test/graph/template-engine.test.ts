import { describe, it, expect } from 'vitest';
import { engineTagAtError } from '../../src/graph/cloudformation/template-engine.js';

describe('engineTagAtError', () => {
  const source = 'Resources:\n{% for q in queues %}\n  {{ q.name }}Worker:\n    Type: AWS::EC2::Instance\n{% endfor %}\n';

  it('finds the first tag on a line the parse failed on, with its place', () => {
    const tag = engineTagAtError('t.yaml', source, [3, 2]);
    expect(tag?.text).toBe('{% for q in queues %}');
    expect(tag?.loc.range.start).toMatchObject({ line: 2, column: 1 });
    expect(tag?.loc.range.end).toMatchObject({ line: 2, column: 22 });
  });

  it('finds an expression tag, with columns after a BOM and CRLF line ends', () => {
    const tag = engineTagAtError('t.yaml', '\ufeffParameters:\r\n  Size:\r\n    Default: {{ inputs.size }}\r\n', [3]);
    expect(tag?.text).toBe('{{ inputs.size }}');
    expect(tag?.loc.range.start).toMatchObject({ line: 3, column: 14 });
  });

  it('finds a build script placeholder, and says whose it is', () => {
    const tag = engineTagAtError('t.template', 'Resources:\n  B:\n    Properties:\n      Bucket: !Sub %DIST_BUCKET_NAME%-${AWS::Region}\n', [4]);
    expect(tag?.text).toBe('%DIST_BUCKET_NAME%');
    expect(tag?.tool).toMatch(/placeholder/);
    expect(tag?.loc.range.start).toMatchObject({ line: 4, column: 20 });
    expect(engineTagAtError('t.template', 'A:\n  B: !Sub 100%\n', [2])).toBeUndefined();
  });

  it("tells Go's text/template from Jinja by its action or field", () => {
    const go = engineTagAtError('schema.template', '{\n  "Transform": {\n  {{if .Transform}}\n    "type": "string"\n', [3]);
    expect(go?.text).toBe('{{if .Transform}}');
    expect(go?.tool).toBe("Go's text/template");
    expect(engineTagAtError('t.json', '{\n  "A": {{ .Name }}\n', [2])?.tool).toBe("Go's text/template");
    expect(engineTagAtError('t.json', '{\n  "A": {{ worker.name }}\n', [2])?.tool).toMatch(/Jinja/);
  });

  it('is undefined when the errors lie on lines without a tag', () => {
    expect(engineTagAtError('t.yaml', source, [4])).toBeUndefined();
    expect(engineTagAtError('t.yaml', source, [])).toBeUndefined();
    expect(engineTagAtError('t.yaml', source, [99])).toBeUndefined();
  });

  it('takes a CloudFormation dynamic reference for CloudFormation, not an engine', () => {
    expect(engineTagAtError('t.yaml', 'A:\n  Password: {{resolve:ssm-secure:db-password:1}}\n', [2])).toBeUndefined();
    expect(engineTagAtError('t.yaml', 'A:\n  Password: {{ resolve:ssm:x }}\n', [2])).toBeUndefined();
  });
});
