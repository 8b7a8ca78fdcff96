/**
 * Secrets at rest in the Store. A Slack installation (as Bolt gives it) holds
 * the workspace's bot token, perhaps a user token, refresh tokens and an
 * incoming-webhook URL: it is kept encrypted with AES-256-GCM (node:crypto),
 * a fresh 12-byte IV per save, the installation's key (enterprise and team
 * ids) as additional data, so a row copied onto another workspace's key does
 * not decrypt. Stored as a JSON envelope, so no schema change is needed:
 *
 *   { "$encrypted": "aes-256-gcm", "kid": "1a2b3c4d", "iv": "…", "tag": "…", "data": "…" }
 *
 * A row saved before encryption (clear-text JSON) is still read, and is
 * encrypted the next time it is saved. Help-desk OAuth grants (Zendesk's
 * access and refresh tokens) are sealed the same way, bound to their source.
 * Teams conversation references hold no secrets (ids, names, a service URL)
 * and stay as they are.
 *
 * The key: BOT_ENCRYPTION_KEY (32 bytes, base64 or hex; config.ts checks it),
 * else `DATA_DIR/encryption.key`, generated with mode 0600 when first needed.
 *
 * @example
 * const store = withEncryptedInstallations(await openSqliteStore(file), keyFromFile(dataDir));
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Store } from "./store.ts";

/** The key file kept in DATA_DIR when BOT_ENCRYPTION_KEY is not set. */
export const KEY_FILE = "encryption.key";
const ALGORITHM = "aes-256-gcm";

/** 32 bytes written as 64 hex digits or as base64 (with or without padding); undefined otherwise. */
export function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const bytes = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  return undefined;
}

/** A short, non-secret fingerprint of a key: tells "another key" apart from "damaged". */
function keyId(key: Buffer): string {
  return createHash("sha256").update("cs-metrics-bot key id").update(key).digest("hex").slice(0, 8);
}

interface Envelope {
  $encrypted: typeof ALGORITHM;
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

function isEnvelope(value: unknown): value is Envelope {
  const v = value as Partial<Envelope> | null;
  return typeof v === "object" && v !== null && v.$encrypted === ALGORITHM && typeof v.iv === "string" && typeof v.tag === "string" && typeof v.data === "string";
}

/** Encrypts `value` (as JSON), bound to `context`. */
export function seal(key: Buffer, value: unknown, context: string): Envelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return { $encrypted: ALGORITHM, kid: keyId(key), iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
}

/** The value of an envelope (or a clear-text value saved before encryption, as it is). */
export function unseal(key: Buffer, stored: unknown, context: string, what: { name: string; redo: string } = SLACK_INSTALLATION): unknown {
  if (!isEnvelope(stored)) return stored;
  if (stored.kid !== undefined && stored.kid !== keyId(key)) {
    throw new Error(
      `${what.name} in the bot's database was encrypted with another key (key id ${stored.kid}, this one ${keyId(key)}): set BOT_ENCRYPTION_KEY to the key it was saved with (the same on every replica), or ${what.redo}.`,
    );
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(stored.iv, "base64"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(stored.tag, "base64"));
    const text = Buffer.concat([decipher.update(Buffer.from(stored.data, "base64")), decipher.final()]).toString("utf8");
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what.name} in the bot's database could not be decrypted (damaged, or moved to another row): ${what.redo}.`);
  }
}

const SLACK_INSTALLATION = { name: "A Slack installation", redo: "install the app in that workspace again" };
const grantContext = (source: string) => `helpdesk_grant\u0000${source}`;

const contextOf = (key: { enterpriseId?: string; teamId?: string }) => `slack_installation\u0000${key.enterpriseId ?? ""}\u0000${key.teamId ?? ""}`;

/** The store with Slack installations and help-desk grants encrypted at rest; the key is asked for when first needed. */
export function withEncryptedInstallations(store: Store, key: () => Promise<Buffer>): Store {
  return {
    ...store,
    async saveSlackInstallation(k, installation) {
      await store.saveSlackInstallation(k, seal(await key(), installation, contextOf(k)));
    },
    async getSlackInstallation(k) {
      const stored = await store.getSlackInstallation(k);
      if (stored === null || !isEnvelope(stored)) return stored;
      return unseal(await key(), stored, contextOf(k));
    },
    async saveHelpdeskGrant(source, grant, now) {
      await store.saveHelpdeskGrant(source, seal(await key(), grant, grantContext(source)), now);
    },
    async getHelpdeskGrant(source) {
      const stored = await store.getHelpdeskGrant(source);
      if (stored === null || !isEnvelope(stored)) return stored;
      return unseal(await key(), stored, grantContext(source), { name: `The ${source} connection`, redo: `have an admin connect ${source} again (/${source}/install)` });
    },
  };
}

/**
 * The key kept in `dataDir/encryption.key`, created (32 random bytes, base64,
 * mode 0600) on first call when missing; a file readable by others is made
 * 0600. Two processes creating it at once agree on one (the file is linked
 * into place, never overwritten). Remembered after the first call.
 */
export function keyFromFile(dataDir: string): () => Promise<Buffer> {
  let loaded: Promise<Buffer> | undefined;
  return () => {
    loaded ??= readOrCreateKey(dataDir).catch((e: unknown) => {
      loaded = undefined;
      throw e;
    });
    return loaded;
  };
}

async function readOrCreateKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  const tmp = join(dataDir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  await writeFile(tmp, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  try {
    await chmod(tmp, 0o600);
    await link(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    await rm(tmp, { force: true });
  }
  const key = await readKeyFile(path);
  if (!key) throw new Error(`${path} was not written`);
  return key;
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`Cannot read the encryption key ${path}: ${(e as Error).message}. Make it readable by the bot, or set BOT_ENCRYPTION_KEY.`);
  }
  const key = decodeKey(text);
  if (!key) {
    throw new Error(
      `${path} does not hold a 32-byte key (base64 or hex). Restore the file, or set BOT_ENCRYPTION_KEY to the key the Slack installations were saved with; with a new key they must be installed again.`,
    );
  }
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return key;
}
