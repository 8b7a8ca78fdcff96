import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/redact.js
var SECRET_PARAM = /^(.*[_-])?(token|access[_-]?token|refresh[_-]?token|api[_-]?key|apikey|key|secret|client[_-]?secret|password|passwd|pwd|pass|auth|authorization|sig|signature|code|credentials?|session)$/i;
var URL_IN_TEXT = /\b([a-z][a-z0-9+.-]*):\/\/[^\s"'<>`)\]]+/gi;
function redactUrl(url) {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme === void 0)
    return url;
  const hidden = (host) => `${scheme}://***@${host}/\u2026`;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = void 0;
  }
  if (parsed === void 0) {
    const at = url.lastIndexOf("@");
    if (at >= 0)
      return hidden(/^[^/?#\s]*/.exec(url.slice(at + 1))?.[0] ?? "");
    return hasSecretParam(url) ? hidden(/^[^/?#@\s]*/.exec(url.slice(scheme.length + 3))?.[0] ?? "") : url;
  }
  if (parsed.username !== "" || parsed.password !== "" || hasSecretParam(url))
    return hidden(parsed.host);
  return url;
}
function hasSecretParam(url) {
  const query = url.indexOf("?");
  if (query < 0)
    return false;
  return url.slice(query + 1).split(/[&;#]/).some((pair) => SECRET_PARAM.test(decodeSafely(pair.split("=")[0] ?? "")));
}
function decodeSafely(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
function redactSecrets(text) {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}
function redactValue(value) {
  const redacted = redactSecrets(value);
  if (redacted !== value)
    return redacted;
  return value.includes("@") || hasSecretParam(value) ? "***" : value;
}

// dist/src/store/secrets.js
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
var KEY_FILE = "encryption.key";
var ALGORITHM = "aes-256-gcm";
function decodeKey(text) {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t))
    return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const bytes = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32)
      return bytes;
  }
  return void 0;
}
function keyId(key) {
  return createHash("sha256").update("cs-metrics-bot key id").update(key).digest("hex").slice(0, 8);
}
function isEnvelope(value) {
  const v = value;
  return typeof v === "object" && v !== null && v.$encrypted === ALGORITHM && typeof v.iv === "string" && typeof v.tag === "string" && typeof v.data === "string";
}
function seal(key, value, context) {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return { $encrypted: ALGORITHM, kid: keyId(key), iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
}
function unseal(key, stored, context, what = SLACK_INSTALLATION) {
  if (!isEnvelope(stored))
    return stored;
  if (stored.kid !== void 0 && stored.kid !== keyId(key)) {
    throw new Error(`${what.name} in the bot's database was encrypted with another key (key id ${stored.kid}, this one ${keyId(key)}): set BOT_ENCRYPTION_KEY to the key it was saved with (the same on every replica), or ${what.redo}.`);
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(stored.iv, "base64"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(stored.tag, "base64"));
    const text = Buffer.concat([decipher.update(Buffer.from(stored.data, "base64")), decipher.final()]).toString("utf8");
    return JSON.parse(text);
  } catch {
    throw new Error(`${what.name} in the bot's database could not be decrypted (damaged, or moved to another row): ${what.redo}.`);
  }
}
var SLACK_INSTALLATION = { name: "A Slack installation", redo: "install the app in that workspace again" };
var grantContext = (source) => `helpdesk_grant\0${source}`;
var contextOf = (key) => `slack_installation\0${key.enterpriseId ?? ""}\0${key.teamId ?? ""}`;
function withEncryptedInstallations(store, key) {
  return {
    ...store,
    async saveSlackInstallation(k, installation) {
      await store.saveSlackInstallation(k, seal(await key(), installation, contextOf(k)));
    },
    async getSlackInstallation(k) {
      const stored = await store.getSlackInstallation(k);
      if (stored === null || !isEnvelope(stored))
        return stored;
      return unseal(await key(), stored, contextOf(k));
    },
    async saveHelpdeskGrant(source, grant, now) {
      await store.saveHelpdeskGrant(source, seal(await key(), grant, grantContext(source)), now);
    },
    async getHelpdeskGrant(source) {
      const stored = await store.getHelpdeskGrant(source);
      if (stored === null || !isEnvelope(stored))
        return stored;
      return unseal(await key(), stored, grantContext(source), { name: `The ${source} connection`, redo: `have an admin connect ${source} again (/${source}/install)` });
    }
  };
}
function keyFromFile(dataDir) {
  let loaded;
  return () => {
    loaded ??= readOrCreateKey(dataDir).catch((e) => {
      loaded = void 0;
      throw e;
    });
    return loaded;
  };
}
async function readOrCreateKey(dataDir) {
  const path = join(dataDir, KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing)
    return existing;
  await mkdir(dataDir, { recursive: true });
  const tmp = join(dataDir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  await writeFile(tmp, `${randomBytes(32).toString("base64")}
`, { mode: 384, flag: "wx" });
  try {
    await chmod(tmp, 384);
    await link(tmp, path);
  } catch (e) {
    if (e.code !== "EEXIST")
      throw e;
  } finally {
    await rm(tmp, { force: true });
  }
  const key = await readKeyFile(path);
  if (!key)
    throw new Error(`${path} was not written`);
  return key;
}
async function readKeyFile(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if (e.code === "ENOENT")
      return void 0;
    throw new Error(`Cannot read the encryption key ${path}: ${e.message}. Make it readable by the bot, or set BOT_ENCRYPTION_KEY.`);
  }
  const key = decodeKey(text);
  if (!key) {
    throw new Error(`${path} does not hold a 32-byte key (base64 or hex). Restore the file, or set BOT_ENCRYPTION_KEY to the key the Slack installations were saved with; with a new key they must be installed again.`);
  }
  if (((await stat(path)).mode & 63) !== 0)
    await chmod(path, 384);
  return key;
}

export {
  redactSecrets,
  redactValue,
  KEY_FILE,
  decodeKey,
  withEncryptedInstallations,
  keyFromFile
};
