// Test-only preload (node --import): any attempt to open a network connection or resolve a name
// is printed to stderr as NETWORK-ATTEMPT and refused, so a test can assert the linter never tries.
import dns from 'node:dns';
import net from 'node:net';

const refuse = (what) => () => {
  process.stderr.write(`NETWORK-ATTEMPT ${what}\n`);
  throw new Error(`network access refused in this test: ${what}`);
};
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
dns.promises.lookup = refuse('dns.promises.lookup');
if (typeof globalThis.fetch === 'function') globalThis.fetch = refuse('fetch');
