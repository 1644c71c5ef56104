import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

// The verification key is provisioned into /etc/notes/keys (a secret mount in production).
const KEY_DIR = process.env.NOTES_KEY_DIR ?? '/etc/notes/keys';
const publicKey = readFileSync(join(KEY_DIR, 'signing.pub'), 'utf8');

export const signer = {
  fingerprint: createHash('sha256').update(publicKey).digest('hex').slice(0, 16),
};
