#!/usr/bin/env node
// Known-answer vector generator for srpcore.
//
// Every output value in the vector files is computed by AWS's own JavaScript code
// (amazon-cognito-identity-js and @aws-amplify/auth v6), driven through their real
// sign-in code paths. This script only injects inputs:
//   * randomness: globalThis.crypto.getRandomValues is replaced by an "entropy tape"
//     that hands out exactly the bytes chosen for the vector (a, device password, salt);
//   * the clock: globalThis.Date is replaced so that `new Date()` is the chosen instant;
//   * the service: identity-js gets a fake `client` object, Amplify v6 gets fake
//     service-client factories; both answer with the chosen challenge parameters and
//     capture what the library sends.
// Intermediates (u, x, S, HKDF key) are recorded by wrapping the libraries' own functions.
//
// The script also re-derives every accepted output independently with Node BigInt and
// node:crypto and aborts when anything disagrees (a check of the harness, not a source of
// values). SECRET_HASH (not supported by either library) and the RFC 5054 Appendix B
// recomputation are the only values computed here directly, with node:crypto and BigInt.
//
// Usage: node generate.mjs [OUTDIR]      (default OUTDIR: the parent `vectors/` directory)
// Environment: GEN_JOBS=n  number of worker threads (default: available cores, max 8).
// The output does not depend on the number of workers.

import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import nodeCrypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const __filename = fileURLToPath(import.meta.url);
const __dirname = path.dirname(__filename);
const require = createRequire(import.meta.url);

const SEED = 'srpcore known-answer vectors, seed 1';
const CLIENT_ID = '4example0client0id0abcdefg';
const PINNED = {
	'amazon-cognito-identity-js': '6.3.21',
	'@aws-amplify/auth': '6.21.1',
	'@aws-amplify/core': '6.19.2',
};
const RUN_TIMEOUT_MS = 30000;

// ---------------------------------------------------------------------------------------
// Group and integer helpers (Node BigInt + node:crypto). Used to build inputs (server side)
// and to cross-check the libraries' outputs.
// ---------------------------------------------------------------------------------------

const N_HEX =
	'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879' +
	'8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B' +
	'0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836' +
	'1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804' +
	'F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6' +
	'955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64' +
	'ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226' +
	'1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2' +
	'08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
const N = BigInt('0x' + N_HEX);
const G = 2n;
const K_EXPECTED = '538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6';

function modPow(base, exp, mod) {
	if (exp < 0n) throw new Error('negative exponent');
	let b = ((base % mod) + mod) % mod;
	let e = exp;
	let r = 1n;
	while (e > 0n) {
		if (e & 1n) r = (r * b) % mod;
		b = (b * b) % mod;
		e >>= 1n;
	}
	return r % mod;
}

function mod(a, m) {
	return ((a % m) + m) % m;
}

// identity-js padHex: minimal big-endian two's complement, lower-case hex.
function padHex(n) {
	if (n >= 0n) {
		let h = n.toString(16);
		if (h.length % 2) h = '0' + h;
		if (/^[89a-f]/.test(h)) h = '00' + h;
		return h;
	}
	let len = 1;
	while (n < -(1n << BigInt(8 * len - 1))) len++;
	return ((1n << BigInt(8 * len)) + n).toString(16).padStart(2 * len, '0');
}

// Fixed-length PAD of RFC 5054 (used only for the RFC 5054 recomputation).
function padTo(n, bytes) {
	return n.toString(16).padStart(2 * bytes, '0');
}

// JSBN `new BigInteger(str, 16)` for the strings this generator produces
// (hex digits of either case, optionally one leading '-'; '' parses as 0).
function parseHexLikeJsbn(s) {
	if (!/^-?[0-9a-fA-F]*$/.test(s)) throw new Error(`generator: unexpected hex string ${s}`);
	const neg = s.startsWith('-');
	const digits = neg ? s.slice(1) : s;
	const v = digits === '' ? 0n : BigInt('0x' + digits);
	return neg ? -v : v;
}

function sha256(data) {
	return nodeCrypto.createHash('sha256').update(data).digest();
}
function sha256Hex(data) {
	return sha256(data).toString('hex');
}
function hexBytes(h) {
	if (h.length % 2) throw new Error('odd hex');
	return Buffer.from(h, 'hex');
}
function intOfDigest(buf) {
	return BigInt('0x' + buf.toString('hex'));
}

const K = intOfDigest(sha256(hexBytes(padHex(N) + padHex(G))));
if (K.toString(16) !== K_EXPECTED) throw new Error('generator: k mismatch');

function computeX(saltInt, poolName, user, password) {
	const inner = sha256Hex(Buffer.from(`${poolName}${user}:${password}`, 'utf8'));
	return intOfDigest(sha256(hexBytes(padHex(saltInt) + inner)));
}
function computeU(A, B) {
	return intOfDigest(sha256(hexBytes(padHex(A) + padHex(B))));
}
function serverB(v, b) {
	return (K * v + modPow(G, b, N)) % N;
}
function clientS(B, x, a, u) {
	return modPow(B - K * modPow(G, x, N), a + u * x, N);
}
function hkdf(S, u) {
	const prk = nodeCrypto.createHmac('sha256', hexBytes(padHex(u))).update(hexBytes(padHex(S))).digest();
	return nodeCrypto
		.createHmac('sha256', prk)
		.update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
		.digest()
		.subarray(0, 16);
}
function signature(key, poolName, user, secretBlock, timestamp) {
	return nodeCrypto
		.createHmac('sha256', key)
		.update(
			Buffer.concat([
				Buffer.from(poolName, 'utf8'),
				Buffer.from(user, 'utf8'),
				Buffer.from(secretBlock, 'base64'),
				Buffer.from(timestamp, 'utf8'),
			])
		)
		.digest('base64');
}

function bigFromBytes(buf) {
	return buf.length === 0 ? 0n : BigInt('0x' + buf.toString('hex'));
}
function bytesOfBig(n, len) {
	const h = n.toString(16).padStart(2 * len, '0');
	if (h.length > 2 * len) throw new Error('generator: integer too long');
	return Buffer.from(h, 'hex');
}

// ---------------------------------------------------------------------------------------
// Deterministic random bit generator: SHA-256(key || counter), key = SHA-256(SEED || label).
// Each case draws from its own stream, named by a stable label.
// ---------------------------------------------------------------------------------------

class Drbg {
	constructor(label) {
		this.key = sha256(Buffer.from(`${SEED}\u0000${label}`, 'utf8'));
		this.counter = 0n;
		this.buf = Buffer.alloc(0);
	}
	bytes(n) {
		const parts = [this.buf];
		let have = this.buf.length;
		while (have < n) {
			const c = Buffer.alloc(8);
			c.writeBigUInt64BE(this.counter++);
			const block = sha256(Buffer.concat([this.key, c]));
			parts.push(block);
			have += block.length;
		}
		const all = Buffer.concat(parts);
		this.buf = all.subarray(n);
		return Buffer.from(all.subarray(0, n));
	}
	uint32() {
		return this.bytes(4).readUInt32BE(0);
	}
	int(n) {
		// uniform integer in [0, n), n <= 2^32
		if (n <= 0) throw new Error('bad range');
		const limit = Math.floor(0x100000000 / n) * n;
		for (;;) {
			const v = this.uint32();
			if (v < limit) return v % n;
		}
	}
	range(lo, hi) {
		return lo + this.int(hi - lo + 1);
	}
	pick(arr) {
		return arr[this.int(arr.length)];
	}
	chance(p) {
		return this.uint32() / 0x100000000 < p;
	}
	bigBelow(limit) {
		const bits = limit.toString(2).length;
		const nbytes = Math.ceil(bits / 8);
		for (;;) {
			let v = bigFromBytes(this.bytes(nbytes));
			v &= (1n << BigInt(bits)) - 1n;
			if (v < limit) return v;
		}
	}
	str(alphabet, len) {
		let s = '';
		for (let i = 0; i < len; i++) s += alphabet[this.int(alphabet.length)];
		return s;
	}
	uuid() {
		const b = this.bytes(16);
		b[6] = (b[6] & 0x0f) | 0x40;
		b[8] = (b[8] & 0x3f) | 0x80;
		const h = b.toString('hex');
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
	}
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const REGIONS = [
	'us-east-1',
	'us-east-2',
	'us-west-1',
	'us-west-2',
	'eu-west-1',
	'eu-west-2',
	'eu-central-1',
	'eu-north-1',
	'ap-southeast-1',
	'ap-southeast-2',
	'ap-northeast-1',
	'ap-south-1',
	'ca-central-1',
	'sa-east-1',
	'me-south-1',
	'us-gov-west-1',
];

// ---------------------------------------------------------------------------------------
// Worker side: loads AWS's libraries under injected randomness/clock and runs vectors.
// ---------------------------------------------------------------------------------------

function workerMain() {
	// ---- entropy tape -------------------------------------------------------------------
	const tape = { bytes: null, pos: 0, fault: null };
	const fakeCrypto = {
		getRandomValues(arr) {
			if (!(arr instanceof Uint32Array)) {
				tape.fault = `getRandomValues called with ${arr && arr.constructor && arr.constructor.name}`;
				throw new Error('generator: ' + tape.fault);
			}
			for (let i = 0; i < arr.length; i++) {
				if (!tape.bytes || tape.pos + 4 > tape.bytes.length) {
					tape.fault = 'entropy tape exhausted';
					throw new Error('generator: ' + tape.fault);
				}
				// WordArray turns each 32-bit word into 4 bytes, most significant first.
				arr[i] = tape.bytes.readUInt32BE(tape.pos);
				tape.pos += 4;
			}
			return arr;
		},
		randomUUID() {
			tape.fault = 'randomUUID called';
			throw new Error('generator: ' + tape.fault);
		},
		subtle: nodeCrypto.webcrypto.subtle,
	};
	Object.defineProperty(globalThis, 'crypto', {
		value: fakeCrypto,
		configurable: true,
		writable: true,
		enumerable: true,
	});
	function loadTape(buf) {
		tape.bytes = Buffer.from(buf);
		tape.pos = 0;
		tape.fault = null;
	}
	function checkTape(label) {
		if (tape.fault) throw new Error(`generator: ${label}: ${tape.fault}`);
		if (tape.pos !== tape.bytes.length)
			throw new Error(`generator: ${label}: consumed ${tape.pos} of ${tape.bytes.length} entropy bytes`);
	}

	// ---- clock --------------------------------------------------------------------------
	const RealDate = Date;
	const clock = { ms: 0 };
	class FakeDate extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(clock.ms);
			else super(...args);
		}
		static now() {
			return clock.ms;
		}
	}
	globalThis.Date = FakeDate;

	// Node 20 has no global `navigator`; Amplify's getDeviceName reads navigator.userAgent.
	if (typeof globalThis.navigator === 'undefined') {
		Object.defineProperty(globalThis, 'navigator', {
			value: { userAgent: 'srpcore-vector-generator' },
			configurable: true,
			writable: true,
		});
	}

	// ---- libraries ----------------------------------------------------------------------
	const idjs = require('amazon-cognito-identity-js');
	const ampAuthMain = require.resolve('@aws-amplify/auth'); // dist/cjs/index.js
	const ampCjs = path.dirname(ampAuthMain);
	const amp = (p) => require(path.join(ampCjs, p));
	const ampSrp = amp('providers/cognito/utils/srp/index.js');
	const ampCalcU = amp('providers/cognito/utils/srp/calculate/calculateU.js');
	const ampCalcS = amp('providers/cognito/utils/srp/calculate/calculateS.js');
	const ampHkdf = amp('providers/cognito/utils/srp/getHkdfKey.js');
	const ampHandlePasswordSRP = amp('client/flows/shared/handlePasswordSRP.js').handlePasswordSRP;
	const ampHandleDeviceSRPAuth = amp('providers/cognito/utils/handleDeviceSRPAuth.js').handleDeviceSRPAuth;
	const ampGetNewDeviceMetadata = amp('providers/cognito/utils/getNewDeviceMetadata.js').getNewDeviceMetadata;
	const cipDir = 'foundation/factories/serviceClients/cognitoIdentityProvider/';

	// ---- recorders (wrap the libraries' own functions) ----------------------------------
	let REC = null;
	function record(key, value) {
		if (!REC) return;
		if (key in REC) REC[key + '#dup'] = (REC[key + '#dup'] || 0) + 1;
		REC[key] = value;
	}
	{
		const P = idjs.AuthenticationHelper.prototype;
		const origU = P.calculateU;
		P.calculateU = function (A, B) {
			const r = origU.call(this, A, B);
			record('u', r.toString(16));
			return r;
		};
		const origS = P.calculateS;
		P.calculateS = function (x, B, cb) {
			record('x', x.toString(16));
			return origS.call(this, x, B, (err, s) => {
				if (!err && s) record('s', s.toString(16));
				return cb(err, s);
			});
		};
		const origH = P.computehkdf;
		P.computehkdf = function (ikm, salt) {
			const r = origH.call(this, ikm, salt);
			record('hkdf', Buffer.from(r).toString('hex'));
			return r;
		};
	}
	{
		const origU = ampCalcU.calculateU;
		ampCalcU.calculateU = function (args) {
			const r = origU(args);
			record('u', r.toString(16));
			return r;
		};
		const origS = ampCalcS.calculateS;
		ampCalcS.calculateS = async function (args) {
			record('x', args.x.toString(16));
			const r = await origS(args);
			record('s', r.toString(16));
			return r;
		};
		const origH = ampHkdf.getHkdfKey;
		ampHkdf.getHkdfKey = function (...args) {
			const r = origH(...args);
			record('hkdf', Buffer.from(r).toString('hex'));
			return r;
		};
	}

	// ---- fake services ------------------------------------------------------------------
	const STOP = 'GeneratorCapturedRequest';
	function stopError() {
		const e = new Error('request captured by the vector generator');
		e.code = STOP;
		e.name = STOP;
		return e;
	}
	function clone(o) {
		return JSON.parse(JSON.stringify(o === undefined ? null : o));
	}
	// identity-js: an object with the same `request` contract as its fetch-based Client,
	// including the way that Client reports an exception thrown by the callback (it is
	// caught by the promise chain and passed to the same callback as the error).
	function fakeIdjsClient(log, handlers) {
		const c = {
			request(op, params, callback) {
				log.push({ op, params: clone(params) });
				const h = handlers[op];
				const answer = h ? h(params) : { error: new Error(`generator: unexpected ${op}`) };
				Promise.resolve()
					.then(() => (answer.error ? callback(answer.error) : callback(null, answer.data)))
					.catch((err) => callback(err));
			},
		};
		c.requestWithRetry = c.request;
		return c;
	}
	let AMP_HANDLERS = {};
	const AMP_LOG = [];
	for (const op of ['InitiateAuth', 'RespondToAuthChallenge', 'ConfirmDevice']) {
		const mod = amp(`${cipDir}create${op}Client.js`);
		mod[`create${op}Client`] = () => async (config, input) => {
			AMP_LOG.push({ op, params: clone(input) });
			const h = AMP_HANDLERS[op];
			if (!h) throw new Error(`generator: unexpected Amplify ${op}`);
			const answer = h(input);
			if (answer.error) throw answer.error;
			return { $metadata: {}, ...answer.data };
		};
	}

	class MemStore {
		constructor() {
			this.m = new Map();
		}
		setItem(k, v) {
			this.m.set(k, String(v));
			return v;
		}
		getItem(k) {
			return this.m.has(k) ? this.m.get(k) : null;
		}
		removeItem(k) {
			return this.m.delete(k);
		}
		clear() {
			this.m.clear();
		}
	}

	function errText(e) {
		if (e === undefined || e === null) return String(e);
		const name = e.name || 'Error';
		const msg = e.message !== undefined ? e.message : String(e);
		return `${name}: ${msg}`;
	}
	function isHarnessFault(msg) {
		return /generator:|Native crypto module|MissingPolyfill/.test(msg);
	}

	function withTimeout(promise, label) {
		let timer;
		const t = new Promise((resolve) => {
			timer = setTimeout(
				() => resolve({ ok: false, error: `hang: ${label} did not finish within ${RUN_TIMEOUT_MS} ms` }),
				RUN_TIMEOUT_MS
			);
		});
		return Promise.race([promise, t]).finally(() => clearTimeout(timer));
	}

	async function runOne(label, entropy, ms, body) {
		loadTape(entropy);
		clock.ms = ms;
		REC = {};
		AMP_LOG.length = 0;
		let res;
		try {
			res = await withTimeout(body(), label);
		} catch (e) {
			res = { ok: false, error: errText(e) };
		}
		const rec = REC;
		REC = null;
		AMP_HANDLERS = {};
		if (res.ok) checkTape(label);
		else if (tape.fault || isHarnessFault(res.error)) throw new Error(`generator: ${label}: harness fault: ${res.error}`);
		for (const k of Object.keys(rec)) if (k.endsWith('#dup')) throw new Error(`generator: ${label}: ${k}`);
		res.rec = rec;
		return res;
	}

	const FAKE_JWT = 'eyJhbGciOiJub25lIn0.eyJ2ZWN0b3IiOnRydWV9.c2ln';

	function challengeParams(t, extra) {
		return {
			SALT: t.salt_hex,
			SECRET_BLOCK: t.secret_block_b64,
			SRP_B: t.srp_b_hex,
			USERNAME: t.username,
			...extra,
		};
	}

	// `init` is what the library sent first (InitiateAuth AuthParameters, or the DEVICE_SRP_AUTH
	// ChallengeResponses); `resp` the whole (DEVICE_)PASSWORD_VERIFIER ChallengeResponses.
	function pvOutputs(rec, init, resp) {
		return {
			srp_a_hex: init.SRP_A,
			u_hex: rec.u,
			x_hex: rec.x,
			s_hex: rec.s,
			hkdf_key_hex: rec.hkdf,
			signature_b64: resp.PASSWORD_CLAIM_SIGNATURE,
			timestamp: resp.TIMESTAMP,
			responses: resp,
			init,
		};
	}

	// ---- USER_SRP_AUTH -> PASSWORD_VERIFIER ---------------------------------------------
	function idjsPassword(t) {
		return runOne(`identity-js ${t.id}`, Buffer.from(t.entropy_hex, 'hex'), t.ms, () => {
			return new Promise((resolve) => {
				const log = [];
				const storage = new MemStore();
				const pool = new idjs.CognitoUserPool({ UserPoolId: t.pool_id, ClientId: CLIENT_ID, Storage: storage });
				pool.client = fakeIdjsClient(log, {
					InitiateAuth: () => ({
						data: {
							ChallengeName: 'PASSWORD_VERIFIER',
							ChallengeParameters: challengeParams(t, { USER_ID_FOR_SRP: t.username }),
						},
					}),
					RespondToAuthChallenge: () => ({ error: stopError() }),
				});
				const user = new idjs.CognitoUser({ Username: t.login_name, Pool: pool, Storage: storage });
				const details = new idjs.AuthenticationDetails({ Username: t.login_name, Password: t.password });
				const unexpected = (what) => () => resolve({ ok: false, error: `generator: unexpected ${what}` });
				user.authenticateUser(details, {
					onSuccess: unexpected('onSuccess'),
					onFailure: (err) => {
						if (err && err.code === STOP) {
							const init = log.find((l) => l.op === 'InitiateAuth');
							const resp = log.find((l) => l.op === 'RespondToAuthChallenge');
							if (resp.params.ChallengeName !== 'PASSWORD_VERIFIER')
								return resolve({ ok: false, error: 'generator: wrong challenge name' });
							resolve({
								ok: true,
								sent: { init: init.params.AuthParameters, resp: resp.params.ChallengeResponses },
							});
						} else resolve({ ok: false, error: errText(err) });
					},
					mfaRequired: unexpected('mfaRequired'),
					customChallenge: unexpected('customChallenge'),
					newPasswordRequired: unexpected('newPasswordRequired'),
					totpRequired: unexpected('totpRequired'),
					selectMFAType: unexpected('selectMFAType'),
					mfaSetup: unexpected('mfaSetup'),
				});
			});
		}).then((res) => {
			if (res.ok) res.out = pvOutputs(res.rec, res.sent.init, res.sent.resp);
			return res;
		});
	}

	function ampPassword(t) {
		return runOne(`amplify-v6 ${t.id}`, Buffer.from(t.entropy_hex, 'hex'), t.ms, async () => {
			AMP_HANDLERS = {
				InitiateAuth: () => ({
					data: {
						ChallengeName: 'PASSWORD_VERIFIER',
						ChallengeParameters: challengeParams(t, { USER_ID_FOR_SRP: t.username }),
					},
				}),
				RespondToAuthChallenge: () => ({ data: { ChallengeParameters: {} } }),
			};
			await ampHandlePasswordSRP({
				username: t.login_name,
				password: t.password,
				clientMetadata: undefined,
				config: { userPoolId: t.pool_id, userPoolClientId: CLIENT_ID },
				tokenOrchestrator: {
					getDeviceMetadata: async () => null,
					clearDeviceMetadata: async () => {},
				},
				authFlow: 'USER_SRP_AUTH',
			});
			const init = AMP_LOG.find((l) => l.op === 'InitiateAuth');
			const resp = AMP_LOG.find((l) => l.op === 'RespondToAuthChallenge');
			if (!resp || resp.params.ChallengeName !== 'PASSWORD_VERIFIER')
				return { ok: false, error: 'generator: Amplify sent no PASSWORD_VERIFIER' };
			return { ok: true, sent: { init: init.params.AuthParameters, resp: resp.params.ChallengeResponses } };
		}).then((res) => {
			if (res.ok) res.out = pvOutputs(res.rec, res.sent.init, res.sent.resp);
			return res;
		});
	}

	// ---- DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER ------------------------------------
	function idjsDevice(t) {
		return runOne(`identity-js ${t.id}`, Buffer.from(t.entropy_hex, 'hex'), t.ms, () => {
			return new Promise((resolve) => {
				const log = [];
				const storage = new MemStore();
				const pool = new idjs.CognitoUserPool({ UserPoolId: t.pool_id, ClientId: CLIENT_ID, Storage: storage });
				pool.client = fakeIdjsClient(log, {
					RespondToAuthChallenge: (p) =>
						p.ChallengeName === 'DEVICE_SRP_AUTH'
							? {
									data: {
										ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
										ChallengeParameters: challengeParams(t),
										Session: 'session-2',
									},
								}
							: { error: stopError() },
				});
				const user = new idjs.CognitoUser({ Username: t.username, Pool: pool, Storage: storage });
				user.deviceKey = t.device_key;
				user.deviceGroupKey = t.device_group_key;
				user.randomPassword = t.device_password;
				user.Session = 'session-1';
				user.getDeviceResponse({
					onSuccess: () => resolve({ ok: false, error: 'generator: unexpected onSuccess' }),
					onFailure: (err) => {
						if (err && err.code === STOP) {
							const first = log.find((l) => l.params.ChallengeName === 'DEVICE_SRP_AUTH');
							const second = log.find((l) => l.params.ChallengeName === 'DEVICE_PASSWORD_VERIFIER');
							resolve({
								ok: true,
								sent: { init: first.params.ChallengeResponses, resp: second.params.ChallengeResponses },
							});
						} else resolve({ ok: false, error: errText(err) });
					},
				});
			});
		}).then((res) => {
			if (res.ok) res.out = pvOutputs(res.rec, res.sent.init, res.sent.resp);
			return res;
		});
	}

	function ampDevice(t) {
		return runOne(`amplify-v6 ${t.id}`, Buffer.from(t.entropy_hex, 'hex'), t.ms, async () => {
			AMP_HANDLERS = {
				RespondToAuthChallenge: (p) =>
					p.ChallengeName === 'DEVICE_SRP_AUTH'
						? {
								data: {
									ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
									ChallengeParameters: challengeParams(t),
									Session: 'session-2',
								},
							}
						: { data: { ChallengeParameters: {} } },
			};
			await ampHandleDeviceSRPAuth({
				username: t.username,
				config: { userPoolId: t.pool_id, userPoolClientId: CLIENT_ID },
				clientMetadata: undefined,
				session: 'session-1',
				tokenOrchestrator: {
					getDeviceMetadata: async () => ({
						deviceKey: t.device_key,
						deviceGroupKey: t.device_group_key,
						randomPassword: t.device_password,
					}),
					clearDeviceMetadata: async () => {},
				},
			});
			const first = AMP_LOG.find((l) => l.params.ChallengeName === 'DEVICE_SRP_AUTH');
			const second = AMP_LOG.find((l) => l.params.ChallengeName === 'DEVICE_PASSWORD_VERIFIER');
			if (!first || !second) return { ok: false, error: 'generator: Amplify device flow incomplete' };
			return { ok: true, sent: { init: first.params.ChallengeResponses, resp: second.params.ChallengeResponses } };
		}).then((res) => {
			if (res.ok) res.out = pvOutputs(res.rec, res.sent.init, res.sent.resp);
			return res;
		});
	}

	// ---- ConfirmDevice: generateHashDevice --------------------------------------------
	function idjsConfirm(t) {
		return runOne(`identity-js ${t.id}`, Buffer.from(t.entropy_hex, 'hex'), t.ms, () => {
			return new Promise((resolve) => {
				const log = [];
				const storage = new MemStore();
				const pool = new idjs.CognitoUserPool({ UserPoolId: t.pool_id, ClientId: CLIENT_ID, Storage: storage });
				pool.client = fakeIdjsClient(log, {
					ConfirmDevice: () => ({ data: { UserConfirmationNecessary: false } }),
				});
				const user = new idjs.CognitoUser({ Username: t.username, Pool: pool, Storage: storage });
				// As in authenticateUserDefaultAuth: the helper (and its 128-byte `a`) exists before
				// the tokens arrive; authenticateUserInternal then runs generateHashDevice on it.
				const helper = new idjs.AuthenticationHelper(pool.getUserPoolName());
				user.authenticateUserInternal(
					{
						AuthenticationResult: {
							AccessToken: FAKE_JWT,
							IdToken: FAKE_JWT,
							RefreshToken: 'refresh-token',
							NewDeviceMetadata: { DeviceKey: t.device_key, DeviceGroupKey: t.device_group_key },
						},
					},
					helper,
					{
						onSuccess: () => {
							const c = log.find((l) => l.op === 'ConfirmDevice');
							if (!c) return resolve({ ok: false, error: 'generator: no ConfirmDevice' });
							resolve({
								ok: true,
								out: {
									device_password: helper.getRandomPassword(),
									DeviceSecretVerifierConfig: c.params.DeviceSecretVerifierConfig,
									cached_password: user.randomPassword,
									device_key_sent: c.params.DeviceKey,
								},
							});
						},
						onFailure: (err) => resolve({ ok: false, error: errText(err) }),
					}
				);
			});
		});
	}

	function ampConfirm(t) {
		return runOne(`amplify-v6 ${t.id}`, Buffer.from(t.entropy_hex, 'hex'), t.ms, async () => {
			AMP_HANDLERS = { ConfirmDevice: () => ({ data: { UserConfirmationNecessary: false } }) };
			const md = await ampGetNewDeviceMetadata({
				userPoolId: t.pool_id,
				userPoolEndpoint: undefined,
				newDeviceMetadata: { DeviceKey: t.device_key, DeviceGroupKey: t.device_group_key },
				accessToken: FAKE_JWT,
			});
			const c = AMP_LOG.find((l) => l.op === 'ConfirmDevice');
			if (!md || !c) return { ok: false, error: 'getNewDeviceMetadata returned undefined (it swallows its errors)' };
			return {
				ok: true,
				out: {
					device_password: md.randomPassword,
					DeviceSecretVerifierConfig: c.params.DeviceSecretVerifierConfig,
					cached_password: md.randomPassword,
					device_key_sent: c.params.DeviceKey,
				},
			};
		});
	}

	// ---- TIMESTAMP ----------------------------------------------------------------------
	function timestamps(list) {
		const out = [];
		for (const t of list) {
			clock.ms = t.ms;
			out.push({
				id: t.id,
				identity_js: new idjs.DateHelper().getNowString(),
				amplify_v6: ampSrp.getNowString(),
			});
		}
		return out;
	}

	// ---- dispatcher ---------------------------------------------------------------------
	const handlers = {
		password: async (t) => ({ identity_js: await idjsPassword(t), amplify_v6: await ampPassword(t) }),
		device_pv: async (t) => ({ identity_js: await idjsDevice(t), amplify_v6: await ampDevice(t) }),
		confirm: async (t) => ({ identity_js: await idjsConfirm(t), amplify_v6: await ampConfirm(t) }),
		timestamps: async (t) => timestamps(t.list),
		versions: async () => ({
			'amazon-cognito-identity-js': readVersion('amazon-cognito-identity-js'),
			'@aws-amplify/auth': readVersion('@aws-amplify/auth'),
			'@aws-amplify/core': readVersion('@aws-amplify/core'),
			identity_js_N: new idjs.AuthenticationHelper('x').N.toString(16),
		}),
	};
	process.on('unhandledRejection', (e) => {
		parentPort.postMessage({ fatal: `unhandled rejection in worker: ${e && e.stack ? e.stack : e}` });
	});
	parentPort.on('message', async (msg) => {
		try {
			if (msg.type === 'versions') loadTape(Buffer.alloc(128, 1));
			const result = await handlers[msg.type](msg.task);
			if (msg.type === 'versions') checkTape('versions');
			parentPort.postMessage({ seq: msg.seq, result });
		} catch (e) {
			parentPort.postMessage({ seq: msg.seq, fatal: e && e.stack ? e.stack : String(e) });
		}
	});
}

function readVersion(pkg) {
	// Locate the package's own package.json next to its resolved entry point.
	let dir = path.dirname(require.resolve(pkg));
	for (;;) {
		const p = path.join(dir, 'package.json');
		if (fs.existsSync(p)) {
			const j = JSON.parse(fs.readFileSync(p, 'utf8'));
			if (j.name === pkg) return j.version;
		}
		const up = path.dirname(dir);
		if (up === dir) throw new Error(`cannot find package.json of ${pkg}`);
		dir = up;
	}
}

// ---------------------------------------------------------------------------------------
// Main thread: worker pool
// ---------------------------------------------------------------------------------------

class Pool {
	constructor(n) {
		this.workers = [];
		this.queue = [];
		this.pending = new Map();
		this.seq = 0;
		for (let i = 0; i < n; i++) {
			const w = new Worker(__filename);
			w.busy = false;
			w.on('message', (m) => this.onMessage(w, m));
			w.on('error', (e) => die(`worker error: ${e.stack || e}`));
			w.on('exit', (code) => {
				if (!this.closing) die(`worker exited with code ${code}`);
			});
			this.workers.push(w);
		}
	}
	run(type, task) {
		return new Promise((resolve) => {
			this.queue.push({ seq: this.seq++, type, task, resolve });
			this.pump();
		});
	}
	pump() {
		for (const w of this.workers) {
			if (w.busy || this.queue.length === 0) continue;
			const job = this.queue.shift();
			w.busy = true;
			this.pending.set(job.seq, job);
			w.postMessage({ seq: job.seq, type: job.type, task: job.task });
		}
	}
	onMessage(w, m) {
		if (m.fatal) die(m.fatal);
		const job = this.pending.get(m.seq);
		this.pending.delete(m.seq);
		w.busy = false;
		this.pump();
		job.resolve(m.result);
	}
	async close() {
		this.closing = true;
		await Promise.all(this.workers.map((w) => w.terminate()));
	}
}

function die(msg) {
	process.stderr.write(`\nGENERATOR ABORTED: ${msg}\n`);
	process.exit(1);
}
function assert(cond, msg) {
	if (!cond) die(msg);
}

// ---------------------------------------------------------------------------------------
// Case construction helpers
// ---------------------------------------------------------------------------------------

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function isoOf(ms) {
	return new Date(ms).toISOString();
}
function msOf(iso) {
	const ms = Date.parse(iso);
	if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
	if (new Date(ms).toISOString() !== iso) throw new Error(`instant not canonical: ${iso}`);
	return ms;
}
function randomInstant(r) {
	const lo = Date.UTC(2000, 0, 1);
	const hi = Date.UTC(2100, 0, 1);
	return lo + Number(r.bigBelow(BigInt(hi - lo)));
}
// An instant with the given UTC weekday / month / day-of-month (others random).
function instantWith(r, { weekday, month, day, year } = {}) {
	for (;;) {
		const y = year ?? r.range(2000, 2099);
		const mo = month ?? r.int(12);
		const dim = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
		const d = day ?? r.range(1, dim);
		if (d > dim) continue;
		const ms = Date.UTC(y, mo, d, r.int(24), r.int(60), r.int(60), r.int(1000));
		const dt = new Date(ms);
		if (weekday !== undefined && dt.getUTCDay() !== weekday) continue;
		return ms;
	}
}

function randomPoolId(r) {
	return `${r.pick(REGIONS)}_${r.str(ALNUM, 9)}`;
}
function randomUsername(r) {
	switch (r.int(5)) {
		case 0:
		case 1:
			return r.uuid();
		case 2:
			return r.str('abcdefghijklmnopqrstuvwxyz', r.range(3, 12)) + r.str('0123456789', r.range(0, 4));
		case 3:
			return r.str(ALNUM + '._-+@', r.range(1, 40));
		default:
			return r.str(ALNUM, r.range(1, 24));
	}
}
function randomPassword(r) {
	let p = r.str(PRINTABLE, r.range(8, 48));
	if (r.chance(0.1)) p = p.slice(0, 4) + ' ' + p.slice(4);
	return p;
}
function randomSecretBlock(r) {
	return r.bytes(r.range(48, 520)).toString('base64');
}
function randomDeviceKey(r, region) {
	return `${region ?? r.pick(REGIONS)}_${r.uuid()}`;
}
function randomDeviceGroupKey(r) {
	return r.chance(0.5) ? '-' + r.str(ALNUM, 9) : r.str(ALNUM, 10);
}

function poolNameOf(poolId) {
	return poolId.split('_')[1];
}

// ---------------------------------------------------------------------------------------
// Password-verifier cases
// ---------------------------------------------------------------------------------------

// Builds one USER_SRP_AUTH case. `o` may override any input; by default the server is
// simulated (v from the inputs, random b, B = (k*v + g^b) mod N).
function pwCase(label, tags, o = {}) {
	const r = new Drbg('password/' + label);
	const pool_id = o.pool_id ?? randomPoolId(r);
	const username = o.username ?? randomUsername(r);
	const login_name = o.login_name ?? username;
	const password = o.password ?? randomPassword(r);
	const a = o.a ?? bigFromBytes(r.bytes(128));
	assert(a > 0n && a < 1n << 1024n, `${label}: a out of range`);
	const salt_hex = o.salt_hex ?? (o.saltBytes ?? r.bytes(16)).toString('hex');
	const saltInt = parseHexLikeJsbn(salt_hex);
	const poolName = poolNameOf(pool_id);
	const x = computeX(saltInt, poolName, username, password);
	const v = modPow(G, x, N);
	let b = null;
	let B = null;
	let srp_b_hex;
	if (o.srp_b_hex !== undefined) {
		srp_b_hex = typeof o.srp_b_hex === 'function' ? o.srp_b_hex({ r, x, v, a }) : o.srp_b_hex;
	} else {
		const pickB = o.pickB ?? (() => true);
		for (let i = 0; ; i++) {
			assert(i < 100000, `${label}: no b found`);
			b = o.b ?? bigFromBytes(r.bytes(o.bBytes ?? 32));
			if (b === 0n) continue;
			B = serverB(v, b);
			if (B === 0n) continue;
			if (pickB({ B, b, a, v, x })) break;
			assert(o.b === undefined, `${label}: fixed b rejected`);
		}
		srp_b_hex = o.formatB ? o.formatB(B, r) : B.toString(16);
	}
	const utcMs = o.ms ?? randomInstant(r);
	const secret_block_b64 = o.secret_block_b64 ?? randomSecretBlock(r);
	const inputs = {
		pool_id,
		username,
		password,
		a_hex: a.toString(16),
		srp_b_hex,
		salt_hex,
		secret_block_b64,
		timestamp: null, // filled with the TIMESTAMP the libraries produced for `utc`
		utc: isoOf(utcMs),
	};
	if (login_name !== username) inputs.login_name = login_name;
	const parsedB = parseHexLikeJsbn(srp_b_hex);
	const consistent = b !== null && parsedB === B;
	if (consistent) {
		inputs.b_hex = b.toString(16);
		inputs.verifier_hex = v.toString(16);
	}
	return {
		label,
		tags: [...tags, ...(consistent ? ['server-consistent'] : [])],
		inputs,
		// internal: congruent server (b known) even when B's string is not the reduced value
		internal: { b: b !== null && mod(parsedB, N) === B ? b : null, v },
		task: {
			pool_id,
			username,
			login_name,
			password,
			srp_b_hex,
			salt_hex,
			secret_block_b64,
			ms: utcMs,
			entropy_hex: bytesOfBig(a, 128).toString('hex'),
		},
	};
}

function fixedA(a) {
	return { a };
}

function buildPasswordCases() {
	const C = [];
	const add = (label, tags, o) => C.push(pwCase(label, tags, o));

	// Reference example of the wire-protocol notes (section 4.4); outputs asserted below.
	add('reference-kat', ['reference-example'], {
		pool_id: 'us-east-1_AbCdEf123',
		username: 'alice',
		password: 'Passw0rd!',
		salt_hex: 'ad162d5f5723a3d9531bc9b9b744a6c5',
		a: BigInt('0x' + sha256Hex(Buffer.from('client-a')).repeat(4)),
		b: BigInt('0x' + sha256Hex(Buffer.from('server-b')).repeat(4)),
		secret_block_b64: Buffer.from(Array.from({ length: 64 }, (_, i) => i)).toString('base64'),
		ms: msOf('2026-09-05T09:03:07.000Z'),
	});

	for (let i = 0; i < 130; i++) add(`random/${i}`, ['random']);

	// Sign bit of the first byte (padHex prepends 00).
	for (let i = 0; i < 5; i++)
		add(`salt-msb/${i}`, ['salt-msb-set'], {
			saltBytes: (() => {
				const b = new Drbg(`salt-msb-bytes/${i}`).bytes(16);
				b[0] |= 0x80;
				return b;
			})(),
		});
	for (let i = 0; i < 5; i++)
		add(`b-msb/${i}`, ['srp-b-msb-set'], {
			pickB: ({ B }) => {
				const h = B.toString(16);
				return h.length % 2 === 0 && /^[89a-f]/.test(h);
			},
		});
	for (let i = 0; i < 3; i++)
		add(`salt-and-b-msb/${i}`, ['salt-msb-set', 'srp-b-msb-set'], {
			saltBytes: (() => {
				const b = new Drbg(`salt-and-b-msb-bytes/${i}`).bytes(16);
				b[0] |= 0x80;
				return b;
			})(),
			pickB: ({ B }) => {
				const h = B.toString(16);
				return h.length % 2 === 0 && /^[89a-f]/.test(h);
			},
		});
	for (let i = 0; i < 2; i++)
		add(`b-msb-clear/${i}`, ['srp-b-msb-clear'], {
			pickB: ({ B }) => {
				const h = B.toString(16);
				return h.length % 2 === 0 && /^[1-7]/.test(h);
			},
		});

	// Leading zero bytes in the strings.
	const saltWith = (label, prefix) => {
		const b = new Drbg(label).bytes(16);
		prefix.forEach((v, i) => (b[i] = v));
		return b;
	};
	add('salt-leading-zero/00-7f', ['salt-leading-zeros'], { saltBytes: saltWith('slz1', [0x00, 0x12]) });
	add('salt-leading-zero/00-low', ['salt-leading-zeros'], { saltBytes: saltWith('slz2', [0x00, 0x01]) });
	add('salt-leading-zero/00-80', ['salt-leading-zeros', 'salt-msb-set'], { saltBytes: saltWith('slz3', [0x00, 0x80]) });
	add('salt-leading-zero/00-ff', ['salt-leading-zeros', 'salt-msb-set'], { saltBytes: saltWith('slz4', [0x00, 0xff]) });
	add('salt-leading-zero/00-00-3c', ['salt-leading-zeros'], { saltBytes: saltWith('slz5', [0x00, 0x00, 0x3c]) });
	add('salt-leading-zero/00-00-00-9a', ['salt-leading-zeros', 'salt-msb-set'], {
		saltBytes: saltWith('slz6', [0x00, 0x00, 0x00, 0x9a]),
	});
	add('salt-leading-zero/extra-0000', ['salt-leading-zeros'], {
		salt_hex: '0000' + new Drbg('slz7').bytes(16).toString('hex'),
	});
	add('salt-leading-zero/extra-00-msb', ['salt-leading-zeros', 'salt-msb-set'], {
		salt_hex: '00' + saltWith('slz8', [0xc3]).toString('hex'),
	});
	add('srp-b-leading-zero/00', ['srp-b-leading-zeros'], { formatB: (B) => '00' + B.toString(16) });
	add('srp-b-leading-zero/0', ['srp-b-leading-zeros'], { formatB: (B) => '0' + B.toString(16) });
	add('srp-b-leading-zero/000000', ['srp-b-leading-zeros'], { formatB: (B) => '000000' + B.toString(16) });
	add('srp-b-leading-zero/padded-768', ['srp-b-leading-zeros'], {
		pickB: ({ B }) => B.toString(16).length < 767,
		formatB: (B) => B.toString(16).padStart(768, '0'),
	});
	add('srp-b-leading-zero/padded-1536', ['srp-b-leading-zeros', 'srp-b-long-string'], {
		formatB: (B) => B.toString(16).padStart(1536, '0'),
	});
	add('srp-b-leading-zero/00-msb', ['srp-b-leading-zeros', 'srp-b-msb-set'], {
		pickB: ({ B }) => /^[89a-f]/.test(B.toString(16)) && B.toString(16).length % 2 === 0,
		formatB: (B) => '00' + B.toString(16),
	});

	// Odd-length hex strings.
	for (let i = 0; i < 3; i++)
		add(`salt-odd-length/${i}`, ['salt-odd-length'], {
			salt_hex: new Drbg(`sol/${i}`).bytes(16).toString('hex').slice(1).replace(/^0/, '1'),
		});
	add('salt-odd-length/abc', ['salt-odd-length', 'salt-short'], { salt_hex: 'abc' });
	for (let i = 0; i < 3; i++)
		add(`srp-b-odd-length/${i}`, ['srp-b-odd-length'], { pickB: ({ B }) => B.toString(16).length % 2 === 1 });

	// Upper-case and mixed-case hex.
	const mixCase = (s, r) => s.replace(/[a-f]/g, (c) => (r.chance(0.5) ? c.toUpperCase() : c));
	for (let i = 0; i < 3; i++)
		add(`salt-uppercase/${i}`, ['salt-uppercase'], { salt_hex: new Drbg(`su/${i}`).bytes(16).toString('hex').toUpperCase() });
	for (let i = 0; i < 3; i++)
		add(`srp-b-uppercase/${i}`, ['srp-b-uppercase'], { formatB: (B) => B.toString(16).toUpperCase() });
	add('mixed-case/0', ['salt-uppercase', 'srp-b-uppercase', 'mixed-case'], {
		salt_hex: mixCase(new Drbg('mc0').bytes(16).toString('hex'), new Drbg('mc0c')),
		formatB: (B, r) => mixCase(B.toString(16), r),
	});
	add('mixed-case/1', ['salt-uppercase', 'srp-b-uppercase', 'srp-b-leading-zeros', 'mixed-case'], {
		salt_hex: '00' + mixCase(new Drbg('mc1').bytes(16).toString('hex'), new Drbg('mc1c')).toUpperCase(),
		formatB: (B) => '00' + B.toString(16).toUpperCase(),
	});

	// Negative salt (a '-' in front of the hex digits).
	add('negative-salt/random', ['negative-salt'], { salt_hex: '-' + new Drbg('ns0').bytes(16).toString('hex').replace(/^0/, '5') });
	add('negative-salt/5c1a', ['negative-salt'], { salt_hex: '-5c1a' + new Drbg('ns1').bytes(14).toString('hex') });
	add('negative-salt/msb', ['negative-salt', 'salt-msb-set'], { salt_hex: '-' + saltWith('ns2', [0x80]).toString('hex') });
	add('negative-salt/80-00', ['negative-salt'], { salt_hex: '-80' + '00'.repeat(15) });
	add('negative-salt/1', ['negative-salt', 'salt-short'], { salt_hex: '-1' });
	add('negative-salt/leading-zero', ['negative-salt', 'salt-leading-zeros'], {
		salt_hex: '-00' + new Drbg('ns5').bytes(15).toString('hex').replace(/^[89a-f]/, '3'),
	});

	// Negative SRP_B.
	for (let i = 0; i < 3; i++)
		add(`negative-srp-b/congruent/${i}`, ['negative-srp-b', 'srp-b-congruent'], {
			formatB: (B) => '-' + (N - B).toString(16),
		});
	add('negative-srp-b/congruent-leading-zeros-uppercase', ['negative-srp-b', 'srp-b-congruent'], {
		formatB: (B) => '-00' + (N - B).toString(16).toUpperCase(),
	});
	add('negative-srp-b/random', ['negative-srp-b'], {
		srp_b_hex: ({ r }) => '-' + r.bytes(384).toString('hex').replace(/^0+/, ''),
	});
	add('negative-srp-b/small', ['negative-srp-b'], { srp_b_hex: '-5' });

	// B >= N (not reduced).
	add('srp-b-unreduced/plus-n', ['srp-b-unreduced', 'srp-b-congruent'], { formatB: (B) => (B + N).toString(16) });
	add('srp-b-unreduced/plus-2n', ['srp-b-unreduced', 'srp-b-congruent'], { formatB: (B) => (B + 2n * N).toString(16) });
	add('srp-b-unreduced/plus-7n', ['srp-b-unreduced', 'srp-b-congruent'], { formatB: (B) => (B + 7n * N).toString(16) });
	add('srp-b-unreduced/plus-random-n', ['srp-b-unreduced', 'srp-b-congruent'], {
		formatB: (B, r) => (B + bigFromBytes(r.bytes(100)) * N).toString(16),
	});
	add('srp-b-unreduced/1536-chars', ['srp-b-unreduced', 'srp-b-congruent', 'srp-b-long-string'], {
		formatB: (B, r) => {
			const lo = (1n << 6140n) / N + 1n;
			const hi = ((1n << 6144n) - 1n - B) / N;
			const m = lo + r.bigBelow(hi - lo);
			const s = (B + m * N).toString(16);
			assert(s.length === 1536, 'unreduced B length');
			return s;
		},
	});
	add('srp-b-unreduced/n-plus-1', ['srp-b-unreduced'], { srp_b_hex: (N + 1n).toString(16) });
	add('srp-b-unreduced/random-long', ['srp-b-unreduced'], {
		srp_b_hex: ({ r }) => 'f' + r.bytes(500).toString('hex'),
	});

	// B = 0 mod N -> both libraries refuse ('B cannot be zero.').
	const zeroB = [
		['zero', '0'],
		['zero-00', '00'],
		['empty', ''],
		['minus-zero', '-0'],
		['n', N.toString(16)],
		['n-uppercase', N.toString(16).toUpperCase()],
		['n-leading-zeros', '0000' + N.toString(16)],
		['2n', (2n * N).toString(16)],
		['5n', (5n * N).toString(16)],
		['minus-n', '-' + N.toString(16)],
		['max-multiple-1536', (((1n << 6144n) - 1n) / N * N).toString(16)],
	];
	for (const [name, s] of zeroB) add(`srp-b-zero-mod-n/${name}`, ['srp-b-zero-mod-n'], { srp_b_hex: s });

	// Small and extreme ephemeral `a`.
	const smallA = [
		['1', 1n],
		['2', 2n],
		['3', 3n],
		['7', 7n],
		['7f', 0x7fn],
		['80', 0x80n],
		['ff', 0xffn],
		['100', 0x100n],
		['8000', 0x8000n],
		['2^32', 1n << 32n],
		['2^64-1', (1n << 64n) - 1n],
		['2^127', 1n << 127n],
		['2^255', 1n << 255n],
		['2^512+1', (1n << 512n) + 1n],
	];
	for (const [name, a] of smallA) add(`a-small/${name}`, ['a-small'], fixedA(a));
	add('a-top-bit/2^1023', ['a-top-bit'], fixedA(1n << 1023n));
	add('a-max/2^1024-1', ['a-max'], fixedA((1n << 1024n) - 1n));

	// Unicode and odd strings (no normalisation anywhere: NFC and NFD differ).
	const nfc = 'Jos\u00e9 Mar\u00eda';
	const nfd = nfc.normalize('NFD');
	assert(nfc !== nfd, 'nfc/nfd');
	add('unicode/username-nfc', ['unicode', 'unicode-nfc'], { username: nfc, password: 'same-password-1' });
	add('unicode/username-nfd', ['unicode', 'unicode-nfd'], { username: nfd, password: 'same-password-1' });
	add('unicode/password-nfc', ['unicode', 'unicode-nfc'], { username: 'unicode-user', password: 'P\u00e4ssw\u00f6rd-\u00c5ngstr\u00f6m' });
	add('unicode/password-nfd', ['unicode', 'unicode-nfd'], {
		username: 'unicode-user',
		password: 'P\u00e4ssw\u00f6rd-\u00c5ngstr\u00f6m'.normalize('NFD'),
	});
	add('unicode/emoji-username', ['unicode', 'emoji'], { username: '\u{1F98A}fox\u{1F525}' });
	add('unicode/emoji-password', ['unicode', 'emoji'], { password: '\u{1F510}\u{1F511} secret \u{1F600}' });
	add('unicode/zwj-emoji', ['unicode', 'emoji'], {
		username: 'family\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
		password: '\u{1F3F3}\uFE0F\u200D\u{1F308}',
	});
	add('unicode/cjk', ['unicode', 'cjk'], { username: '\u7528\u6237\u540d', password: '\u5bc6\u7801\u30d1\u30b9\u30ef\u30fc\u30c9\ube44\ubc00\ubc88\ud638' });
	add('unicode/cjk-username-ascii-password', ['unicode', 'cjk'], { username: '\u5c71\u7530\u592a\u90ce', password: 'Tr0ub4dor&3' });
	add('unicode/rtl', ['unicode'], { username: '\u0645\u0633\u062a\u062e\u062f\u0645', password: '\u05e1\u05d9\u05e1\u05de\u05d4123' });
	add('unicode/cyrillic-greek', ['unicode'], { username: '\u043f\u043e\u043b\u044c\u0437\u043e\u0432\u0430\u0442\u0435\u043b\u044c', password: '\u03ba\u03c9\u03b4\u03b9\u03ba\u03cc\u03c2' });
	add('unicode/astral-math', ['unicode'], { username: '\u{1D518}\u{1D52B}\u{1D526}', password: '\u{1D4AB}\u{1D4B6}\u{1D4C8}\u{1D4C8}' });
	add('unicode/sharp-s', ['unicode'], { username: 'stra\u00dfe', password: 'STRASSE-stra\u00dfe' });
	add('unicode/fullwidth', ['unicode'], { username: '\uff55\uff53\uff45\uff52', password: '\uff30\uff41\uff53\uff53\uff11\uff12\uff13' });
	add('unicode/nbsp-and-spaces', ['unicode', 'password-whitespace'], { password: 'pass\u00a0word\u2003x\u3000' });
	add('unicode/combining-stack', ['unicode'], { password: 'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dA' });

	// Empty / long / odd strings.
	add('empty-password/0', ['empty-password'], { password: '' });
	add('empty-password/1', ['empty-password'], { password: '', username: 'x' });
	add('empty-username/0', ['empty-username'], { username: '', login_name: 'someone@example.com' });
	add('empty-username/1', ['empty-username', 'empty-password'], { username: '', login_name: 'someone', password: '' });
	add('long-password/256', ['long-password'], { password: new Drbg('lp256').str(PRINTABLE, 256) });
	add('long-password/1k', ['long-password'], { password: new Drbg('lp1k').str(PRINTABLE, 1024) });
	add('long-password/10k', ['long-password'], { password: new Drbg('lp10k').str(PRINTABLE, 10240) });
	add('long-password/unicode-1k', ['long-password', 'unicode'], {
		password: new Drbg('lpu').str('\u00e9\u4e2d\u{1F600}ab'.match(/./gu), 700),
	});
	add('long-username/128', ['long-username'], { username: new Drbg('lu128').str(ALNUM, 128) });
	add('password-whitespace/edges', ['password-whitespace'], { password: '  leading and trailing  ' });
	add('password-whitespace/tab-newline', ['password-whitespace'], { password: 'tab\there\nnewline\r\n' });
	add('colon/password', ['colon'], { username: 'user', password: ':pass:word:' });
	add('colon/username', ['colon'], { username: 'us:er', password: 'pass' });
	add('password-control-chars', ['password-control-chars'], { password: 'nul\u0000del\u007fesc\u001b' });
	add('username-punctuation', ['username-punctuation'], { username: "o'brien+test@example.co.uk" });

	// Pool ids.
	add('pool-id/short-name', ['pool-id'], { pool_id: 'us-east-1_a' });
	add('pool-id/digits', ['pool-id'], { pool_id: 'eu-west-1_123456789' });
	add('pool-id/55-chars', ['pool-id'], { pool_id: 'ap-southeast-2_' + new Drbg('pid55').str(ALNUM, 40) });
	add('pool-id/gov', ['pool-id'], { pool_id: 'us-gov-west-1_Xy9Zw8Vu7' });

	// Sign in with an alias: USER_ID_FOR_SRP (the internal name) is what gets hashed and signed.
	add('alias-login/email', ['alias-login'], { login_name: 'Jane.Doe@Example.com', username: new Drbg('al0').uuid() });
	add('alias-login/phone', ['alias-login'], { login_name: '+14155550123', username: new Drbg('al1').uuid() });
	add('alias-login/preferred', ['alias-login'], { login_name: 'janey', username: 'jane_doe_1984' });

	// TIMESTAMP formats: every weekday, every month, day widths, edges of the day, years.
	for (let wd = 0; wd < 7; wd++)
		add(`timestamp/weekday-${WEEKDAYS[wd]}`, ['timestamp', `weekday-${WEEKDAYS[wd].toLowerCase()}`], {
			ms: instantWith(new Drbg(`tsw/${wd}`), { weekday: wd }),
		});
	for (let mo = 0; mo < 12; mo++)
		add(`timestamp/month-${MONTHS[mo]}`, ['timestamp', `month-${MONTHS[mo].toLowerCase()}`], {
			ms: instantWith(new Drbg(`tsm/${mo}`), { month: mo }),
		});
	add('timestamp/day-1', ['timestamp', 'day-one-digit'], { ms: instantWith(new Drbg('tsd1'), { day: 1 }) });
	add('timestamp/day-9', ['timestamp', 'day-one-digit'], { ms: instantWith(new Drbg('tsd9'), { day: 9 }) });
	add('timestamp/day-10', ['timestamp', 'day-two-digit'], { ms: instantWith(new Drbg('tsd10'), { day: 10 }) });
	add('timestamp/day-31', ['timestamp', 'day-two-digit'], { ms: instantWith(new Drbg('tsd31'), { day: 31 }) });
	add('timestamp/midnight', ['timestamp', 'midnight'], { ms: msOf('2026-01-01T00:00:00.000Z') });
	add('timestamp/end-of-day', ['timestamp', 'end-of-day'], { ms: msOf('2025-12-31T23:59:59.999Z') });
	add('timestamp/leap-day', ['timestamp', 'leap-day'], { ms: msOf('2028-02-29T12:34:56.789Z') });
	add('timestamp/year-1970', ['timestamp', 'year-edge'], { ms: msOf('1970-01-01T00:00:00.000Z') });
	add('timestamp/year-2000', ['timestamp', 'year-edge'], { ms: msOf('2000-01-01T00:00:00.000Z') });
	add('timestamp/year-2038', ['timestamp', 'year-edge'], { ms: msOf('2038-01-19T03:14:08.000Z') });
	add('timestamp/year-999', ['timestamp', 'year-edge'], { ms: msOf('0999-06-15T08:09:10.111Z') });
	add('timestamp/year-9999', ['timestamp', 'year-edge'], { ms: msOf('9999-12-31T23:59:59.999Z') });
	add('timestamp/truncated-ms', ['timestamp', 'truncated-ms'], { ms: msOf('2026-11-03T07:05:09.999Z') });

	// SECRET_BLOCK encodings.
	const sbBytes = (label, n) => new Drbg(label).bytes(n);
	add('secret-block/empty', ['secret-block-empty'], { secret_block_b64: '' });
	add('secret-block/1-byte', ['secret-block-short'], { secret_block_b64: sbBytes('sb1', 1).toString('base64') });
	add('secret-block/2-bytes', ['secret-block-short'], { secret_block_b64: sbBytes('sb2', 2).toString('base64') });
	add('secret-block/3-bytes', ['secret-block-short'], { secret_block_b64: sbBytes('sb3', 3).toString('base64') });
	add('secret-block/1-byte-unpadded', ['secret-block-short', 'secret-block-unpadded'], {
		secret_block_b64: sbBytes('sb1u', 1).toString('base64').replace(/=+$/, ''),
	});
	add('secret-block/2-bytes-unpadded', ['secret-block-short', 'secret-block-unpadded'], {
		secret_block_b64: sbBytes('sb2u', 2).toString('base64').replace(/=+$/, ''),
	});
	add('secret-block/unpadded', ['secret-block-unpadded'], {
		secret_block_b64: sbBytes('sbu', 301).toString('base64').replace(/=+$/, ''),
	});
	const withPlusSlash = (label, n) => {
		const r = new Drbg(label);
		for (;;) {
			const s = r.bytes(n).toString('base64');
			if (s.includes('+') && s.includes('/')) return s;
		}
	};
	add('secret-block/url-safe', ['secret-block-url-safe'], {
		secret_block_b64: withPlusSlash('sbus', 120).replace(/\+/g, '-').replace(/\//g, '_'),
	});
	add('secret-block/url-safe-unpadded', ['secret-block-url-safe', 'secret-block-unpadded'], {
		secret_block_b64: withPlusSlash('sbusu', 97).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
	});
	add('secret-block/1k', ['secret-block-long'], { secret_block_b64: sbBytes('sb1k', 1024).toString('base64') });
	add('secret-block/1.5k', ['secret-block-long'], { secret_block_b64: sbBytes('sb15k', 1536).toString('base64') });
	add('secret-block/4k', ['secret-block-long'], { secret_block_b64: sbBytes('sb4k', 4096).toString('base64') });
	// Non-standard strings: recorded as error vectors if one library refuses them.
	add('secret-block/invalid-bang', ['secret-block-invalid'], { secret_block_b64: '!!!' });
	add('secret-block/invalid-inner', ['secret-block-invalid'], { secret_block_b64: 'QUJD!REVG' });
	add('secret-block/whitespace-space', ['secret-block-whitespace'], { secret_block_b64: 'QUJD REVG' });
	add('secret-block/whitespace-mime', ['secret-block-whitespace'], {
		secret_block_b64: sbBytes('sbmime', 120).toString('base64').replace(/(.{76})/g, '$1\r\n'),
	});
	add('secret-block/whitespace-valid-length', ['secret-block-whitespace'], {
		secret_block_b64: (() => {
			const t = sbBytes('sbwv', 200).toString('base64').replace(/=+$/, '');
			return t.slice(0, 100) + ' ' + t.slice(100);
		})(),
	});
	add('secret-block/inner-padding', ['secret-block-invalid'], { secret_block_b64: 'QQ==QUJD' });

	// Special premaster secrets: B chosen so that the base of the exponentiation is 0, 1, N-1.
	const baseB = (delta) => ({ x }) => mod(K * modPow(G, x, N) + delta, N).toString(16);
	add('s-special/zero', ['s-zero'], { srp_b_hex: baseB(0n) });
	add('s-special/one', ['s-one'], { srp_b_hex: baseB(1n) });
	add('s-special/minus-one', ['s-minus-one'], { srp_b_hex: baseB(-1n) });

	// Salt values.
	add('salt-value/zero', ['salt-zero', 'salt-short'], { salt_hex: '0' });
	add('salt-value/00', ['salt-zero', 'salt-short', 'salt-leading-zeros'], { salt_hex: '00' });
	add('salt-value/one', ['salt-short'], { salt_hex: '1' });
	add('salt-value/minus-zero', ['salt-zero', 'salt-short', 'negative-salt'], { salt_hex: '-0' });
	add('salt-value/7f', ['salt-short'], { salt_hex: '7f' });
	add('salt-value/80', ['salt-short', 'salt-msb-set'], { salt_hex: '80' });
	add('salt-value/1024-chars', ['salt-long'], { salt_hex: new Drbg('sl1024').bytes(512).toString('hex').replace(/^0/, '7') });
	add('salt-value/1024-chars-leading-zeros', ['salt-long', 'salt-leading-zeros'], {
		salt_hex: '0'.repeat(990) + new Drbg('sl1024z').bytes(17).toString('hex'),
	});

	// u and S lengths (HKDF salt = padHex(u) of 31/32/33 bytes; IKM = padHex(S)).
	const aCache = new Map();
	const Aof = (a) => {
		if (!aCache.has(a)) aCache.set(a, modPow(G, a, N));
		return aCache.get(a);
	};
	// u = 00 0x..: padHex(u) drops the zero byte (31 bytes); u = 00 8x.. keeps it (32 bytes).
	add('u-length/31-bytes', ['u-short'], {
		pickB: ({ B, a }) => computeU(Aof(a), B) < 1n << 247n,
	});
	add('u-length/00-msb', ['u-leading-zero-byte'], {
		pickB: ({ B, a }) => {
			const u = computeU(Aof(a), B);
			return u < 1n << 248n && u >= 1n << 247n;
		},
	});
	add('u-length/msb-set', ['u-msb-set'], {
		pickB: ({ B, a }) => computeU(Aof(a), B) >= 1n << 255n,
	});
	add('s-length/leading-zero-byte', ['s-short'], {
		pickB: ({ B, a, b, v }) => {
			const A = Aof(a);
			const S = modPow(A * modPow(v, computeU(A, B), N), b, N);
			return S < 1n << 3064n;
		},
	});

	return C;
}

// ---------------------------------------------------------------------------------------
// Device cases
// ---------------------------------------------------------------------------------------

function confirmCase(label, tags, o = {}) {
	const r = new Drbg('confirm/' + label);
	const region = o.region ?? r.pick(REGIONS);
	const pool_id = o.pool_id ?? `${region}_${r.str(ALNUM, 9)}`;
	const device_key = o.device_key ?? randomDeviceKey(r, region);
	const device_group_key = o.device_group_key ?? randomDeviceGroupKey(r);
	const pw = o.pwBytes ?? r.bytes(40);
	const salt = o.saltBytes ?? r.bytes(16);
	const aBytes = r.bytes(128);
	assert(pw.length === 40 && salt.length === 16, 'confirm sizes');
	return {
		label,
		tags,
		inputs: {
			device_group_key,
			device_key,
			random_password_bytes_hex: pw.toString('hex'),
			salt_bytes_hex: salt.toString('hex'),
			pool_id,
			username: o.username ?? r.uuid(),
			a_hex: bigFromBytes(aBytes).toString(16),
		},
		task: {
			pool_id,
			username: o.username ?? null,
			device_key,
			device_group_key,
			ms: randomInstant(r),
			// identity-js and Amplify v6 both draw: 128 bytes (a), 40 (password), 16 (salt).
			entropy_hex: Buffer.concat([aBytes, pw, salt]).toString('hex'),
		},
	};
}

function buildConfirmCases() {
	const C = [];
	const add = (label, tags, o) => {
		const c = confirmCase(label, tags, o);
		c.task.username = c.inputs.username;
		C.push(c);
	};
	for (let i = 0; i < 100; i++) add(`random/${i}`, ['random']);
	const saltCases = [
		['all-zero', Buffer.alloc(16, 0), ['salt-all-zero']],
		['00-01', Buffer.from('00' + '01' + new Drbg('cs1').bytes(14).toString('hex'), 'hex'), ['salt-leading-zeros']],
		['00-00-7f', Buffer.from('0000' + '7f' + new Drbg('cs2').bytes(13).toString('hex'), 'hex'), ['salt-leading-zeros']],
		['00-80', Buffer.from('0080' + new Drbg('cs3').bytes(14).toString('hex'), 'hex'), ['salt-leading-zeros', 'salt-msb-set']],
		['15-zeros-01', Buffer.from('00'.repeat(15) + '01', 'hex'), ['salt-leading-zeros']],
		['15-zeros-ff', Buffer.from('00'.repeat(15) + 'ff', 'hex'), ['salt-leading-zeros', 'salt-msb-set']],
		['80-zeros', Buffer.from('80' + '00'.repeat(15), 'hex'), ['salt-msb-set']],
		['top-bit-random-0', (() => { const b = new Drbg('cs7').bytes(16); b[0] |= 0x80; return b; })(), ['salt-msb-set']],
		['top-bit-random-1', (() => { const b = new Drbg('cs8').bytes(16); b[0] |= 0x80; return b; })(), ['salt-msb-set']],
		['7f-ff', Buffer.from('7f' + 'ff'.repeat(15), 'hex'), ['salt-msb-clear']],
		['all-ff', Buffer.alloc(16, 0xff), ['salt-all-ff', 'salt-msb-set']],
	];
	for (const [name, saltBytes, tags] of saltCases) add(`salt/${name}`, tags, { saltBytes });
	add('password-bytes/all-zero', ['password-bytes-edge'], { pwBytes: Buffer.alloc(40, 0) });
	add('password-bytes/all-ff', ['password-bytes-edge'], { pwBytes: Buffer.alloc(40, 0xff) });
	add('password-bytes/plus-slash', ['password-bytes-edge'], {
		pwBytes: Buffer.from('fbefbe'.repeat(6) + 'ff'.repeat(22), 'hex'),
	});
	add('keys/no-dash-group-key', ['device-keys'], { device_group_key: 'aBcDeFgHiJ' });
	add('keys/dash-group-key', ['device-keys'], { device_group_key: '-aBcDeF123' });
	add('keys/underscore-group-key', ['device-keys'], { device_group_key: '_x-Y_z-0' });
	return C;
}

function devicePvCase(label, tags, chain, o = {}) {
	const r = new Drbg('device-pv/' + label);
	const { device_group_key, device_key, device_password, salt_hex: chainSalt, verifier, pool_id, username } = chain;
	const a = o.a ?? bigFromBytes(r.bytes(128));
	const salt_hex = o.salt_hex ?? chainSalt;
	const v = verifier;
	let b = null;
	let B = null;
	let srp_b_hex;
	if (o.srp_b_hex !== undefined) {
		srp_b_hex = typeof o.srp_b_hex === 'function' ? o.srp_b_hex({ r, v }) : o.srp_b_hex;
	} else {
		const pickB = o.pickB ?? (() => true);
		for (;;) {
			b = bigFromBytes(r.bytes(32));
			if (b === 0n) continue;
			B = serverB(v, b);
			if (B !== 0n && pickB({ B })) break;
		}
		srp_b_hex = o.formatB ? o.formatB(B, r) : B.toString(16);
	}
	const utcMs = o.ms ?? randomInstant(r);
	const secret_block_b64 = o.secret_block_b64 ?? randomSecretBlock(r);
	const inputs = {
		device_group_key,
		device_key,
		device_password,
		a_hex: a.toString(16),
		srp_b_hex,
		salt_hex,
		secret_block_b64,
		timestamp: null,
		utc: isoOf(utcMs),
		username,
		pool_id,
		confirm_device_id: chain.id,
	};
	const parsedB = parseHexLikeJsbn(srp_b_hex);
	const consistent = b !== null && parsedB === B && parseHexLikeJsbn(salt_hex) === parseHexLikeJsbn(chainSalt);
	if (consistent) {
		inputs.b_hex = b.toString(16);
		inputs.verifier_hex = v.toString(16);
	}
	return {
		label,
		tags: [...tags, 'chained', ...(consistent ? ['server-consistent'] : [])],
		inputs,
		internal: { b: b !== null && mod(parsedB, N) === B ? b : null, v },
		task: {
			pool_id,
			username,
			device_key,
			device_group_key,
			device_password,
			srp_b_hex,
			salt_hex,
			secret_block_b64,
			ms: utcMs,
			entropy_hex: bytesOfBig(a, 128).toString('hex'),
		},
	};
}

function buildDevicePvCases(chains) {
	const C = [];
	let next = 0;
	const chain = () => chains[next++ % chains.length];
	const add = (label, tags, o) => C.push(devicePvCase(label, tags, chain(), o));
	for (let i = 0; i < 75; i++) add(`random/${i}`, ['random']);
	add('srp-b-leading-zero/00', ['srp-b-leading-zeros'], { formatB: (B) => '00' + B.toString(16) });
	add('srp-b-leading-zero/0000', ['srp-b-leading-zeros'], { formatB: (B) => '0000' + B.toString(16) });
	add('srp-b-uppercase', ['srp-b-uppercase'], { formatB: (B) => B.toString(16).toUpperCase() });
	add('srp-b-odd-length', ['srp-b-odd-length'], { pickB: ({ B }) => B.toString(16).length % 2 === 1 });
	add('srp-b-msb-set', ['srp-b-msb-set'], {
		pickB: ({ B }) => B.toString(16).length % 2 === 0 && /^[89a-f]/.test(B.toString(16)),
	});
	add('srp-b-unreduced/plus-n', ['srp-b-unreduced', 'srp-b-congruent'], { formatB: (B) => (B + N).toString(16) });
	add('srp-b-unreduced/plus-3n', ['srp-b-unreduced', 'srp-b-congruent'], { formatB: (B) => (B + 3n * N).toString(16) });
	add('negative-srp-b/congruent', ['negative-srp-b', 'srp-b-congruent'], { formatB: (B) => '-' + (N - B).toString(16) });
	add('srp-b-zero-mod-n/zero', ['srp-b-zero-mod-n'], { srp_b_hex: '0' });
	add('srp-b-zero-mod-n/empty', ['srp-b-zero-mod-n'], { srp_b_hex: '' });
	add('srp-b-zero-mod-n/n', ['srp-b-zero-mod-n'], { srp_b_hex: N.toString(16) });
	add('srp-b-zero-mod-n/2n', ['srp-b-zero-mod-n'], { srp_b_hex: (2n * N).toString(16) });
	add('a-small/1', ['a-small'], { a: 1n });
	add('a-small/80', ['a-small'], { a: 0x80n });
	add('a-small/2^64', ['a-small'], { a: 1n << 64n });
	add('a-max', ['a-max'], { a: (1n << 1024n) - 1n });
	add('secret-block/empty', ['secret-block-empty'], { secret_block_b64: '' });
	add('secret-block/2-bytes', ['secret-block-short'], { secret_block_b64: new Drbg('dsb2').bytes(2).toString('base64') });
	add('secret-block/unpadded', ['secret-block-unpadded'], {
		secret_block_b64: new Drbg('dsbu').bytes(98).toString('base64').replace(/=+$/, ''),
	});
	add('secret-block/url-safe', ['secret-block-url-safe'], {
		secret_block_b64: (() => {
			const r = new Drbg('dsbus');
			for (;;) {
				const s = r.bytes(90).toString('base64');
				if (s.includes('+') && s.includes('/')) return s.replace(/\+/g, '-').replace(/\//g, '_');
			}
		})(),
	});
	add('secret-block/1.5k', ['secret-block-long'], { secret_block_b64: new Drbg('dsb15k').bytes(1536).toString('base64') });
	add('secret-block/invalid-bang', ['secret-block-invalid'], { secret_block_b64: '!!!' });
	for (let wd = 0; wd < 7; wd++)
		add(`timestamp/weekday-${WEEKDAYS[wd]}`, ['timestamp', `weekday-${WEEKDAYS[wd].toLowerCase()}`], {
			ms: instantWith(new Drbg(`dtsw/${wd}`), { weekday: wd }),
		});
	add('timestamp/day-1', ['timestamp', 'day-one-digit'], { ms: instantWith(new Drbg('dtsd1'), { day: 1 }) });
	add('timestamp/end-of-day', ['timestamp', 'end-of-day'], { ms: msOf('2027-06-30T23:59:59.999Z') });
	add('timestamp/year-9999', ['timestamp', 'year-edge'], { ms: msOf('9999-12-31T23:59:59.999Z') });
	add('s-special/zero', ['s-zero'], { srp_b_hex: ({ v }) => ((K * v) % N).toString(16) });
	return C;
}

// ---------------------------------------------------------------------------------------
// Timestamp, SECRET_HASH, RFC 5054 cases
// ---------------------------------------------------------------------------------------

function buildTimestampCases() {
	const L = [];
	const add = (tags, ms) => L.push({ tags, ms });
	for (let wd = 0; wd < 7; wd++) {
		add(['weekday', `weekday-${WEEKDAYS[wd].toLowerCase()}`], instantWith(new Drbg(`ts/wd/${wd}/a`), { weekday: wd }));
		add(['weekday', `weekday-${WEEKDAYS[wd].toLowerCase()}`], instantWith(new Drbg(`ts/wd/${wd}/b`), { weekday: wd }));
	}
	for (let mo = 0; mo < 12; mo++) add(['month', `month-${MONTHS[mo].toLowerCase()}`], instantWith(new Drbg(`ts/mo/${mo}`), { month: mo }));
	for (const d of [1, 2, 5, 9]) add(['day-one-digit'], instantWith(new Drbg(`ts/d/${d}`), { day: d }));
	for (const d of [10, 11, 19, 20, 28, 29, 30, 31]) add(['day-two-digit'], instantWith(new Drbg(`ts/d/${d}`), { day: d }));
	const fixed = [
		[['midnight'], '2026-01-01T00:00:00.000Z'],
		[['midnight'], '2031-07-04T00:00:00.000Z'],
		[['end-of-day'], '2025-12-31T23:59:59.999Z'],
		[['end-of-day', 'truncated-ms'], '2026-03-08T23:59:59.999Z'],
		[['truncated-ms'], '2026-11-03T07:05:09.999Z'],
		[['truncated-ms'], '2026-11-03T07:05:09.500Z'],
		[['single-digit-fields'], '2027-02-03T04:05:06.007Z'],
		[['leap-day'], '2000-02-29T12:00:00.000Z'],
		[['leap-day'], '2024-02-29T23:59:59.999Z'],
		[['leap-day'], '2096-02-29T06:30:00.000Z'],
		[['non-leap-century'], '2100-03-01T00:00:00.000Z'],
		[['non-leap-century'], '1900-02-28T23:59:59.999Z'],
		[['year-edge', 'epoch'], '1970-01-01T00:00:00.000Z'],
		[['year-edge', 'before-epoch'], '1969-12-31T23:59:59.999Z'],
		[['year-edge'], '1999-12-31T23:59:59.999Z'],
		[['year-edge'], '2000-01-01T00:00:00.000Z'],
		[['year-edge', 'y2038'], '2038-01-19T03:14:07.000Z'],
		[['year-edge', 'y2038'], '2038-01-19T03:14:08.000Z'],
		[['year-edge', 'short-year'], '0999-06-15T08:09:10.111Z'],
		[['year-edge', 'short-year'], '0001-01-01T00:00:00.000Z'],
		[['year-edge', 'short-year'], '0099-12-31T12:00:00.000Z'],
		[['year-edge'], '9999-12-31T23:59:59.999Z'],
		[['year-edge'], '2999-01-01T00:00:00.000Z'],
	];
	for (const [tags, iso] of fixed) add(tags, msOf(iso));
	for (let i = 0; i < 20; i++) add(['random'], randomInstant(new Drbg(`ts/random/${i}`)));
	return L.map((c, i) => ({ id: `ts-${String(i + 1).padStart(4, '0')}`, tags: c.tags, ms: c.ms }));
}

function buildSecretHashVectors() {
	const L = [];
	const add = (tags, username, client_id, client_secret) => L.push({ tags, username, client_id, client_secret });
	const clientId = (r) => r.str('abcdefghijklmnopqrstuvwxyz0123456789', 26);
	const secret = (r) => r.str('abcdefghijklmnopqrstuvwxyz0123456789', 51);
	add(['reference-example'], 'alice', CLIENT_ID, 's3cr3t');
	for (let i = 0; i < 20; i++) {
		const r = new Drbg(`sh/random/${i}`);
		add(['random'], randomUsername(r), clientId(r), secret(r));
	}
	const r = new Drbg('sh/fixed');
	add(['empty-username'], '', clientId(r), secret(r));
	add(['empty-username'], '', CLIENT_ID, 's3cr3t');
	add(['unicode', 'unicode-nfc'], 'Jos\u00e9', clientId(r), secret(r));
	add(['unicode', 'unicode-nfd'], 'Jos\u00e9'.normalize('NFD'), CLIENT_ID, 's3cr3t');
	add(['unicode', 'unicode-nfc'], 'Jos\u00e9', CLIENT_ID, 's3cr3t');
	add(['unicode', 'emoji'], '\u{1F98A}\u{1F525}user', clientId(r), secret(r));
	add(['unicode', 'cjk'], '\u7528\u6237\u540d', clientId(r), secret(r));
	add(['unicode', 'unicode-secret'], 'bob', clientId(r), '\u79d8\u5bc6-\u00e9\u00e8-\u{1F511}');
	add(['unicode', 'unicode-secret'], '\u0645\u0633\u062a\u062e\u062f\u0645', clientId(r), '\u0441\u0435\u043a\u0440\u0435\u0442');
	add(['email-username'], 'Jane.Doe+test@Example.com', clientId(r), secret(r));
	add(['uuid-username'], r.uuid(), clientId(r), secret(r));
	add(['phone-username'], '+14155550123', clientId(r), secret(r));
	add(['long-secret'], 'carol', clientId(r), r.str(PRINTABLE, 64));
	add(['long-secret'], 'carol', clientId(r), r.str(PRINTABLE, 65));
	add(['long-secret'], 'dave', clientId(r), r.str(PRINTABLE, 1024));
	add(['long-secret'], 'dave', clientId(r), r.str(PRINTABLE, 4096));
	add(['long-username'], r.str(ALNUM, 128), clientId(r), secret(r));
	add(['short-secret'], 'erin', clientId(r), 'x');
	add(['whitespace'], ' spaced user ', clientId(r), ' secret with spaces ');
	add(['control-chars'], 'tab\tuser', clientId(r), 'nul\u0000secret');
	return L.map((c, i) => ({
		id: `sh-${String(i + 1).padStart(4, '0')}`,
		tags: c.tags,
		inputs: { username: c.username, client_id: c.client_id, client_secret: c.client_secret },
		outputs: {
			secret_hash: nodeCrypto
				.createHmac('sha256', Buffer.from(c.client_secret, 'utf8'))
				.update(Buffer.from(c.username + c.client_id, 'utf8'))
				.digest('base64'),
		},
	}));
}

// RFC 5054 (November 2007), Appendix B "SRP Test Vectors": values transcribed from the RFC
// text (groups of 8 hex digits as printed there), with the 1024-bit group of Appendix A.
const RFC5054 = {
	N: `EEAF0AB9 ADB38DD6 9C33F80A FA8FC5E8 60726187 75FF3C0B 9EA2314C
	    9C256576 D674DF74 96EA81D3 383B4813 D692C6E0 E0D5D8E2 50B98BE4
	    8E495C1D 6089DAD1 5DC7D7B4 6154D6B6 CE8EF4AD 69B15D49 82559B29
	    7BCF1885 C529F566 660E57EC 68EDBC3C 05726CC0 2FD4CBF4 976EAA9A
	    FD5138FE 8376435B 9FC61D2F C0EB06E3`,
	g: '2',
	I: 'alice',
	P: 'password123',
	s: 'BEB25379 D1A8581E B5A72767 3A2441EE',
	k: '7556AA04 5AEF2CDD 07ABAF0F 665C3E81 8913186F',
	x: '94B7555A ABE9127C C58CCF49 93DB6CF8 4D16C124',
	v: `7E273DE8 696FFC4F 4E337D05 B4B375BE B0DDE156 9E8FA00A 9886D812
	    9BADA1F1 822223CA 1A605B53 0E379BA4 729FDC59 F105B478 7E5186F5
	    C671085A 1447B52A 48CF1970 B4FB6F84 00BBF4CE BFBB1681 52E08AB5
	    EA53D15C 1AFF87B2 B9DA6E04 E058AD51 CC72BFC9 033B564E 26480D78
	    E955A5E2 9E7AB245 DB2BE315 E2099AFB`,
	a: '60975527 035CF2AD 1989806F 0407210B C81EDC04 E2762A56 AFD529DD DA2D4393',
	b: 'E487CB59 D31AC550 471E81F0 0F6928E0 1DDA08E9 74A004F4 9E61F5D1 05284D20',
	A: `61D5E490 F6F1B795 47B0704C 436F523D D0E560F0 C64115BB 72557EC4
	    4352E890 3211C046 92272D8B 2D1A5358 A2CF1B6E 0BFCF99F 921530EC
	    8E393561 79EAE45E 42BA92AE ACED8251 71E1E8B9 AF6D9C03 E1327F44
	    BE087EF0 6530E69F 66615261 EEF54073 CA11CF58 58F0EDFD FE15EFEA
	    B349EF5D 76988A36 72FAC47B 0769447B`,
	B: `BD0C6151 2C692C0C B6D041FA 01BB152D 4916A1E7 7AF46AE1 05393011
	    BAF38964 DC46A067 0DD125B9 5A981652 236F99D9 B681CBF8 7837EC99
	    6C6DA044 53728610 D0C6DDB5 8B318885 D7D82C7F 8DEB75CE 7BD4FBAA
	    37089E6F 9C6059F3 88838E7A 00030B33 1EB76840 910440B1 B27AAEAE
	    EB4012B7 D7665238 A8E3FB00 4B117B58`,
	u: 'CE38B959 3487DA98 554ED47D 70A7AE5F 462EF019',
	S: `B0DC82BA BCF30674 AE450C02 87745E79 90A3381F 63B387AA F271A10D
	    233861E3 59B48220 F7C4693C 9AE12B0A 6F67809F 0876E2D0 13800D6C
	    41BB59B6 D5979B5C 00A172B4 A2A5903A 0BDCAF8A 709585EB 2AFAFA8F
	    3499B200 210DCC1F 10EB3394 3CD67FC8 8A2F39A4 BE5BEC4E C0A3212D
	    C346D7E4 74B29EDE 8A469FFE CA686E5A`,
};

function buildRfc5054() {
	const hx = (s) => s.replace(/\s+/g, '').toLowerCase();
	const T = Object.fromEntries(Object.entries(RFC5054).map(([k, v]) => [k, k === 'I' || k === 'P' ? v : hx(v)]));
	const Nr = BigInt('0x' + T.N);
	const gr = BigInt('0x' + T.g);
	const len = T.N.length / 2; // 128 bytes
	const sha1 = (...parts) => nodeCrypto.createHash('sha1').update(Buffer.concat(parts)).digest();
	const I = (n) => BigInt('0x' + n.toString('hex'));
	const s = Buffer.from(T.s, 'hex');
	const k = I(sha1(Buffer.from(padTo(Nr, len), 'hex'), Buffer.from(padTo(gr, len), 'hex')));
	const x = I(sha1(s, sha1(Buffer.from(`${T.I}:${T.P}`, 'utf8'))));
	const v = modPow(gr, x, Nr);
	const a = BigInt('0x' + T.a);
	const b = BigInt('0x' + T.b);
	const A = modPow(gr, a, Nr);
	const B = (k * v + modPow(gr, b, Nr)) % Nr;
	const u = I(sha1(Buffer.from(padTo(A, len), 'hex'), Buffer.from(padTo(B, len), 'hex')));
	const Sc = modPow(B - k * modPow(gr, x, Nr), a + u * x, Nr);
	const Ss = modPow(A * modPow(v, u, Nr), b, Nr);
	const computed = { k, x, v, A, B, u, S: Sc };
	for (const [name, val] of Object.entries(computed)) {
		const want = BigInt('0x' + T[name]);
		assert(val === want, `RFC 5054 Appendix B transcription/recomputation mismatch for ${name}`);
	}
	assert(Ss === Sc, 'RFC 5054 server premaster mismatch');
	const outHex = (name) => T[name];
	return {
		kind: 'rfc5054',
		description:
			'RFC 5054 Appendix B test vector (SRP-6a, SHA-1, 1024-bit group of Appendix A). Standard SRP ' +
			'with fixed-length PAD() to the length of N in k and u; NOT the Cognito variant (Cognito uses ' +
			'SHA-256, the 3072-bit group and minimal two\u0027s-complement padding).',
		source: 'RFC 5054 (Taylor, Wu, Mavrogiannopoulos, Perrin; November 2007), Appendix A (group) and Appendix B (test vectors)',
		generator: 'vectors/generator/generate.mjs',
		implementations: {
			'RFC 5054 text': 'all outputs transcribed from Appendix B',
			'node BigInt + node:crypto': 'recomputed by the generator; it aborts on any difference',
		},
		vectors: [
			{
				id: 'rfc5054-0001',
				tags: ['rfc5054-appendix-b'],
				inputs: {
					username: T.I,
					password: T.P,
					salt_hex: T.s,
					a_hex: T.a,
					b_hex: T.b,
					group_bits: 1024,
					hash: 'SHA-1',
					N_hex: T.N,
					g_hex: T.g,
				},
				outputs: {
					k_hex: outHex('k'),
					x_hex: outHex('x'),
					v_hex: outHex('v'),
					A_hex: outHex('A'),
					B_hex: outHex('B'),
					u_hex: outHex('u'),
					premaster_hex: outHex('S'),
				},
			},
		],
	};
}

// ---------------------------------------------------------------------------------------
// Cross-checks and result assembly
// ---------------------------------------------------------------------------------------

const PV_FIELDS = ['srp_a_hex', 'u_hex', 'x_hex', 's_hex', 'hkdf_key_hex', 'signature_b64', 'timestamp'];

function expectedTimestamp(ms) {
	const d = new Date(ms);
	const p2 = (n) => String(n).padStart(2, '0');
	return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${p2(d.getUTCHours())}:${p2(
		d.getUTCMinutes()
	)}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

// Independent re-derivation (BigInt + node:crypto) of everything the libraries produced.
function verifyPv(c, out, { poolName, user, password }) {
	const id = c.id;
	const a = BigInt('0x' + c.inputs.a_hex);
	const A = modPow(G, a, N);
	const B = parseHexLikeJsbn(c.inputs.srp_b_hex);
	const salt = parseHexLikeJsbn(c.inputs.salt_hex);
	assert(out.srp_a_hex === A.toString(16), `${id}: SRP_A differs from g^a mod N`);
	const u = computeU(A, B);
	assert(out.u_hex === u.toString(16), `${id}: u differs from independent value`);
	const x = computeX(salt, poolName, user, password);
	assert(out.x_hex === x.toString(16), `${id}: x differs from independent value`);
	// With a known server secret b the (cheaper) server formula checks S; otherwise the client one.
	const S =
		c.internal.b !== null ? modPow(A * modPow(c.internal.v, u, N), c.internal.b, N) : clientS(B, x, a, u);
	assert(out.s_hex === S.toString(16), `${id}: S differs from independent value`);
	const key = hkdf(S, u);
	assert(out.hkdf_key_hex === key.toString('hex'), `${id}: HKDF key differs from independent value`);
	assert(out.timestamp === expectedTimestamp(Date.parse(c.inputs.utc)), `${id}: TIMESTAMP differs`);
	const sig = signature(key, poolName, user, c.inputs.secret_block_b64, out.timestamp);
	assert(out.signature_b64 === sig, `${id}: signature differs from independent value`);
	return { A, u, S };
}

function autoTags(c, out) {
	const t = [];
	const digits = (s) => s.replace(/^-/, '');
	const bs = c.inputs.srp_b_hex;
	const ss = c.inputs.salt_hex;
	if (polyfillDiffers(c.inputs.secret_block_b64)) t.push('buffer-polyfill-differs');
	if (digits(bs).length % 2 === 1) t.push('srp-b-odd-length');
	if (digits(ss).length % 2 === 1) t.push('salt-odd-length');
	if (/[A-F]/.test(bs)) t.push('srp-b-uppercase');
	if (/[A-F]/.test(ss)) t.push('salt-uppercase');
	if (/^-?0[0-9a-fA-F]/.test(bs)) t.push('srp-b-leading-zeros');
	if (/^-?0[0-9a-fA-F]/.test(ss)) t.push('salt-leading-zeros');
	const salt = parseHexLikeJsbn(ss);
	if (salt > 0n && padHex(salt).startsWith('00')) t.push('salt-msb-set');
	const B = parseHexLikeJsbn(bs);
	if (B > 0n && B < N && padHex(B).startsWith('00')) t.push('srp-b-msb-set');
	if (B >= N) t.push('srp-b-unreduced');
	if (B < 0n) t.push('negative-srp-b');
	if (salt < 0n) t.push('negative-salt');
	if (out) {
		if (out.srp_a_hex.length % 2 === 1) t.push('srp-a-odd-length');
		const uLen = padHex(BigInt('0x' + out.u_hex)).length / 2;
		if (uLen !== 32) t.push(`u-padhex-${uLen}-bytes`);
		const sLen = padHex(BigInt('0x' + out.s_hex)).length / 2;
		if (sLen !== 384) t.push(`s-padhex-${sLen}-bytes`);
	}
	return t;
}

function uniq(arr) {
	return [...new Set(arr)];
}

function idOf(prefix, i) {
	return `${prefix}-${String(i + 1).padStart(4, '0')}`;
}

// A copy with the keys in sorted order: the stored request objects do not depend on the
// order in which a library happened to build them.
function sortedObject(o) {
	return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
function sameObject(a, b) {
	return JSON.stringify(sortedObject(a)) === JSON.stringify(sortedObject(b));
}

function assemblePv(c, res, who) {
	// who: { poolName, user, password } for the independent check; expectUsername is the
	// USERNAME of the verifier answer (USER_ID_FOR_SRP), firstUsername the USERNAME of the
	// first request (the login name typed, for an alias sign-in).
	const I = res.identity_js;
	const M = res.amplify_v6;
	const vec = { id: c.id, tags: null, inputs: { ...c.inputs } };
	if (I.ok && M.ok) {
		for (const f of PV_FIELDS)
			assert(I.out[f] === M.out[f], `${c.id} (${c.label}): identity-js and Amplify v6 disagree on ${f}: ${I.out[f]} vs ${M.out[f]}`);
		for (const f of ['responses', 'init'])
			assert(
				sameObject(I.out[f], M.out[f]),
				`${c.id}: identity-js and Amplify v6 sent different ${f}: ${JSON.stringify(I.out[f])} vs ${JSON.stringify(M.out[f])}`
			);
		for (const side of [I, M]) {
			const r = side.out.responses;
			assert(r.USERNAME === who.expectUsername, `${c.id}: USERNAME sent ${r.USERNAME}`);
			assert(r.PASSWORD_CLAIM_SECRET_BLOCK === c.inputs.secret_block_b64, `${c.id}: secret block not echoed verbatim`);
			assert(r.TIMESTAMP === side.out.timestamp && r.PASSWORD_CLAIM_SIGNATURE === side.out.signature_b64, `${c.id}: responses`);
			if (who.deviceKey !== undefined) assert(r.DEVICE_KEY === who.deviceKey, `${c.id}: DEVICE_KEY`);
			assert(side.out.init.USERNAME === who.firstUsername, `${c.id}: first USERNAME sent ${side.out.init.USERNAME}`);
		}
		verifyPv(c, I.out, who);
		vec.inputs.timestamp = I.out.timestamp;
		vec.outputs = {
			srp_a_hex: I.out.srp_a_hex,
			u_hex: I.out.u_hex,
			x_hex: I.out.x_hex,
			s_hex: I.out.s_hex,
			hkdf_key_hex: I.out.hkdf_key_hex,
			signature_b64: I.out.signature_b64,
			[who.firstField]: sortedObject(I.out.init),
			challenge_responses: sortedObject(I.out.responses),
		};
		vec.tags = uniq([...c.tags, ...autoTags(c, I.out)]);
	} else {
		vec.inputs.timestamp = expectedTimestamp(Date.parse(c.inputs.utc));
		vec.error = { identity_js: I.ok ? null : I.error, amplify_v6: M.ok ? null : M.error };
		const ok = I.ok ? ['identity_js', I] : M.ok ? ['amplify_v6', M] : null;
		if (ok) {
			const o = ok[1].out;
			assert(o.timestamp === vec.inputs.timestamp, `${c.id}: timestamp`);
			vec.partial_outputs = {
				[ok[0]]: {
					srp_a_hex: o.srp_a_hex,
					u_hex: o.u_hex,
					x_hex: o.x_hex,
					s_hex: o.s_hex,
					hkdf_key_hex: o.hkdf_key_hex,
					signature_b64: o.signature_b64,
					[who.firstField]: sortedObject(o.init),
					challenge_responses: sortedObject(o.responses),
				},
			};
		}
		vec.tags = uniq([...c.tags, ...autoTags(c, null), 'error']);
		// Error vectors carry no server extras.
		delete vec.inputs.b_hex;
		delete vec.inputs.verifier_hex;
		vec.tags = vec.tags.filter((t) => t !== 'server-consistent');
	}
	return vec;
}

// ---- alt-style: the same library outputs, written the way another tool might write them ----
// Integers zero-padded to their full width and in upper case; error vectors without any clock
// (no `timestamp`, no `utc`). Wire values (SRP_A, base64, TIMESTAMP, the request objects) are kept
// exactly. A verifier has to compare integers by value and refuse an error vector for its real
// reason, whoever wrote the file. Only a selection is rendered: every error vector, every vector
// whose u, x or S has leading zero digits, and the tags below.
const ALT_WIDTH = { a_hex: 256, b_hex: 64, verifier_hex: 768, u_hex: 64, x_hex: 64, s_hex: 768 };
const ALT_TAGS = ['alias-login', 'reference-example', 'u-leading-zero-byte', 'u-short', 's-short', 's-zero', 's-one', 's-minus-one', 'a-small'];
function altInt(hex, width) {
	return hex.padStart(width, '0').toUpperCase();
}
function altSelected(v) {
	if (v.error) return true;
	const o = v.outputs;
	if (o.u_hex.length < ALT_WIDTH.u_hex || o.x_hex.length < ALT_WIDTH.x_hex || o.s_hex.length < ALT_WIDTH.s_hex) return true;
	return v.tags.some((t) => ALT_TAGS.includes(t));
}
function altVector(v) {
	const out = JSON.parse(JSON.stringify(v));
	for (const k of ['a_hex', 'b_hex', 'verifier_hex'])
		if (out.inputs[k] !== undefined) out.inputs[k] = altInt(out.inputs[k], ALT_WIDTH[k]);
	if (out.error) {
		delete out.inputs.timestamp;
		delete out.inputs.utc;
	}
	if (out.outputs) {
		for (const k of ['u_hex', 'x_hex', 's_hex']) out.outputs[k] = altInt(out.outputs[k], ALT_WIDTH[k]);
		out.outputs.hkdf_key_hex = out.outputs.hkdf_key_hex.toUpperCase();
	}
	out.tags = [...out.tags, 'alt-style'];
	return out;
}
function altStyleFile(doc, lists) {
	const out = {
		...doc,
		description:
			`A second rendering of ../${doc.kind === 'device' ? 'device' : 'password_verifier'}.json from the same generator run ` +
			'(the same library outputs): integers zero-padded and upper case, error vectors without timestamp or utc. ' +
			doc.description,
	};
	for (const key of ['vectors', 'confirm_device', 'device_password_verifier']) delete out[key];
	for (const key of lists) out[key] = doc[key].filter(altSelected).map(altVector);
	return out;
}

// amazon-cognito-identity-js imports { Buffer } from 'buffer': Node's own Buffer under Node,
// the buffer@4.9.2 polyfill in browser bundles. Tag blocks that the two decode differently.
const PolyBuffer = createRequire(require.resolve('amazon-cognito-identity-js'))('buffer/').Buffer;
function polyfillDiffers(b64) {
	return !Buffer.from(PolyBuffer.from(b64, 'base64')).equals(Buffer.from(b64, 'base64'));
}

// Non-ASCII characters are written as \uXXXX escapes so that the files are plain ASCII and
// no tool can silently re-normalise NFC/NFD strings.
function toJson(obj) {
	return JSON.stringify(obj, null, 1).replace(/[\u007f-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------

async function main() {
	const t0 = process.hrtime.bigint();
	const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
	fs.mkdirSync(outDir, { recursive: true });
	const jobs = Math.max(1, Math.min(Number(process.env.GEN_JOBS) || os.availableParallelism?.() || os.cpus().length, 8));
	const pool = new Pool(jobs);

	const ver = await pool.run('versions', {});
	for (const [pkg, want] of Object.entries(PINNED))
		assert(ver[pkg] === want, `${pkg} is ${ver[pkg]}, expected ${want}: run npm ci`);
	assert(ver.identity_js_N === N.toString(16), 'identity-js N differs from the generator N');
	const implementations = {
		'amazon-cognito-identity-js': ver['amazon-cognito-identity-js'],
		'@aws-amplify/auth': ver['@aws-amplify/auth'],
		'@aws-amplify/core': ver['@aws-amplify/core'],
	};
	const generator = 'vectors/generator/generate.mjs';

	// Confirm-device work first (cheap to build), so the workers are busy while the main
	// thread builds the password cases.
	const confirmCases = buildConfirmCases();
	confirmCases.forEach((c, i) => {
		c.id = idOf('cd', i);
		c.task.id = c.id;
	});
	const cdPromise = Promise.all(confirmCases.map((c) => pool.run('confirm', c.task)));
	const tsCases = buildTimestampCases();
	const tsPromise = pool.run('timestamps', { list: tsCases });

	// ---- password verifier ----
	const verbose = (m) => process.env.GEN_VERBOSE && process.stderr.write(`[${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s] ${m}\n`);
	verbose('building password cases');
	const pwCases = buildPasswordCases();
	verbose('built password cases');
	const labels = new Set();
	pwCases.forEach((c, i) => {
		assert(!labels.has(c.label), `duplicate label ${c.label}`);
		labels.add(c.label);
		c.id = idOf('pv', i);
		c.task.id = c.id;
		const bRaw = c.inputs.srp_b_hex;
		assert(/^-?[0-9a-fA-F]*$/.test(bRaw) && bRaw.length <= 1536, `${c.id}: SRP_B constraint`);
		assert(/^-?[0-9a-fA-F]+$/.test(c.inputs.salt_hex) && c.inputs.salt_hex.length <= 1024, `${c.id}: SALT constraint`);
		assert(parseHexLikeJsbn(c.inputs.a_hex) > 0n, `${c.id}: a = 0`);
	});
	const pwPromise = Promise.all(pwCases.map((c) => pool.run('password', c.task)));

	// confirm_device results -> chains for DEVICE_PASSWORD_VERIFIER
	const cdResults = await cdPromise;
	verbose('confirm_device done');
	const confirmVectors = confirmCases.map((c, i) => {
		const { identity_js: I, amplify_v6: M } = cdResults[i];
		assert(I.ok && M.ok, `${c.id}: confirm device failed: ${I.error} / ${M.error}`);
		for (const side of [I, M]) {
			assert(side.out.device_key_sent === c.inputs.device_key, `${c.id}: DeviceKey sent`);
			assert(side.out.cached_password === side.out.device_password, `${c.id}: cached password`);
		}
		assert(I.out.device_password === M.out.device_password, `${c.id}: device_password disagree`);
		assert(
			I.out.DeviceSecretVerifierConfig.PasswordVerifier === M.out.DeviceSecretVerifierConfig.PasswordVerifier &&
				I.out.DeviceSecretVerifierConfig.Salt === M.out.DeviceSecretVerifierConfig.Salt,
			`${c.id}: DeviceSecretVerifierConfig disagree`
		);
		// independent check
		const pw = Buffer.from(c.inputs.random_password_bytes_hex, 'hex').toString('base64');
		assert(I.out.device_password === pw, `${c.id}: device password is not base64 of the 40 bytes`);
		const saltInt = bigFromBytes(Buffer.from(c.inputs.salt_bytes_hex, 'hex'));
		const saltPad = padHex(saltInt);
		assert(I.out.DeviceSecretVerifierConfig.Salt === Buffer.from(saltPad, 'hex').toString('base64'), `${c.id}: Salt`);
		const x = computeX(saltInt, c.inputs.device_group_key, c.inputs.device_key, pw);
		const v = modPow(G, x, N);
		assert(
			I.out.DeviceSecretVerifierConfig.PasswordVerifier === Buffer.from(padHex(v), 'hex').toString('base64'),
			`${c.id}: PasswordVerifier`
		);
		const tags = [...c.tags];
		if (saltPad.length !== 32) tags.push(`salt-padhex-${saltPad.length / 2}-bytes`);
		return {
			id: c.id,
			tags: uniq(tags),
			inputs: c.inputs,
			outputs: {
				device_password: I.out.device_password,
				DeviceSecretVerifierConfig: {
					PasswordVerifier: I.out.DeviceSecretVerifierConfig.PasswordVerifier,
					Salt: I.out.DeviceSecretVerifierConfig.Salt,
				},
			},
			chain: {
				id: c.id,
				device_group_key: c.inputs.device_group_key,
				device_key: c.inputs.device_key,
				device_password: I.out.device_password,
				salt_hex: Buffer.from(I.out.DeviceSecretVerifierConfig.Salt, 'base64').toString('hex'),
				verifier: bigFromBytes(Buffer.from(I.out.DeviceSecretVerifierConfig.PasswordVerifier, 'base64')),
				pool_id: c.inputs.pool_id,
				username: c.inputs.username,
			},
		};
	});

	const dpvCases = buildDevicePvCases(confirmVectors.map((v) => v.chain));
	dpvCases.forEach((c, i) => {
		c.id = idOf('dpv', i);
		c.task.id = c.id;
	});
	const dpvPromise = Promise.all(dpvCases.map((c) => pool.run('device_pv', c.task)));

	// ---- assemble password vectors ----
	const pwResults = await pwPromise;
	verbose('password_verifier done');
	const pwVectors = pwCases.map((c, i) =>
		assemblePv(c, pwResults[i], {
			poolName: poolNameOf(c.inputs.pool_id),
			user: c.inputs.username,
			password: c.inputs.password,
			expectUsername: c.inputs.username,
			firstUsername: c.inputs.login_name ?? c.inputs.username,
			firstField: 'auth_parameters',
		})
	);
	const kat = pwVectors[0];
	assert(
		kat.outputs &&
			kat.outputs.signature_b64 === 'yVbSA1B+3gLDFXh31IrwWcReaE48M/DbLrq3FUUxE7E=' &&
			kat.outputs.hkdf_key_hex === '61bd3c5aaefc51fd2561a72effaa8a99' &&
			kat.outputs.u_hex === 'daae65f8bf9cc5df440308a41466a7ef01206f7b652917bb3ec92f877a5c6258' &&
			kat.outputs.x_hex === 'd99f3a8140dfe512eba8629946d6e3b709dbb421e1d989122e003dafe2208042',
		'reference example (wire-protocol notes 4.4) does not reproduce'
	);

	const dpvResults = await dpvPromise;
	verbose('device_password_verifier done');
	const dpvVectors = dpvCases.map((c, i) =>
		assemblePv(c, dpvResults[i], {
			poolName: c.inputs.device_group_key,
			user: c.inputs.device_key,
			password: c.inputs.device_password,
			expectUsername: c.inputs.username,
			firstUsername: c.inputs.username,
			firstField: 'device_srp_auth_responses',
			deviceKey: c.inputs.device_key,
		})
	);

	// ---- timestamps ----
	const tsRes = await tsPromise;
	const tsVectors = tsCases.map((c, i) => {
		const r = tsRes[i];
		assert(r.id === c.id, 'timestamp order');
		assert(r.identity_js === r.amplify_v6, `${c.id}: timestamp disagreement ${r.identity_js} vs ${r.amplify_v6}`);
		assert(r.identity_js === expectedTimestamp(c.ms), `${c.id}: timestamp differs from independent format`);
		return { id: c.id, tags: c.tags, inputs: { utc: isoOf(c.ms) }, outputs: { timestamp: r.identity_js } };
	});

	await pool.close();

	// ---- files ----
	const pvProvenance = {
		srp_a_hex: 'SRP_A as sent in InitiateAuth AuthParameters (identity-js CognitoUser.authenticateUser; Amplify v6 handlePasswordSRP sent the same)',
		u_hex: 'return value of identity-js AuthenticationHelper.calculateU and Amplify v6 calculateU, toString(16)',
		x_hex: 'x argument of identity-js AuthenticationHelper.calculateS and Amplify v6 calculateS, toString(16)',
		s_hex: 'S produced by identity-js calculateS / Amplify v6 calculateS, toString(16)',
		hkdf_key_hex: 'return value of identity-js computehkdf and Amplify v6 getHkdfKey (16 bytes)',
		signature_b64: 'PASSWORD_CLAIM_SIGNATURE sent in RespondToAuthChallenge by both libraries',
		timestamp: 'input field, but produced by the libraries: TIMESTAMP sent by both with the clock set to `utc`',
		auth_parameters:
			'the whole InitiateAuth AuthParameters object sent by both libraries (identical, keys sorted); USERNAME is the name typed at sign-in (login_name when present)',
		challenge_responses:
			'the whole PASSWORD_VERIFIER ChallengeResponses object sent by both libraries (identical, keys sorted); USERNAME is USER_ID_FOR_SRP',
	};
	const common = {
		generator,
		implementations,
		error_policy:
			'Every vector is run through both libraries. If both succeed they agree on every output (the generator aborts otherwise) ' +
			'and the vector has "outputs". If either throws or never finishes, the vector has "error" (the message from each library, ' +
			'null for one that succeeded) and no "outputs"; "partial_outputs" then holds what the succeeding library sent, for information.',
	};
	const files = {
		'password_verifier.json': {
			kind: 'password_verifier',
			description:
				'USER_SRP_AUTH -> PASSWORD_VERIFIER client computation. Inputs are the challenge parameters (username = USER_ID_FOR_SRP), ' +
				'the password, the client ephemeral a (fed to the libraries as their 128 random bytes) and the clock (utc). ' +
				'Vectors tagged server-consistent also carry b_hex and verifier_hex with int(srp_b_hex,16) == (k*v + g^b) mod N.',
			...common,
			provenance: pvProvenance,
			vectors: pwVectors,
		},
		'device.json': {
			kind: 'device',
			description:
				'Device tracking. confirm_device: ConfirmDevice DeviceSecretVerifierConfig from generateHashDevice with the 40 password ' +
				'bytes and 16 salt bytes fed as randomness (after the 128 bytes of the helper\u0027s a). device_password_verifier: ' +
				'DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER, chained to a confirm_device vector (confirm_device_id): salt_hex is the ' +
				'decoded Salt, verifier_hex the decoded PasswordVerifier.',
			...common,
			provenance: {
				device_password: 'identity-js AuthenticationHelper.getRandomPassword() after CognitoUser.authenticateUserInternal(NewDeviceMetadata); Amplify v6 getNewDeviceMetadata returned the same',
				DeviceSecretVerifierConfig: 'as sent in ConfirmDevice by identity-js CognitoUser and by Amplify v6 getNewDeviceMetadata',
				device_password_verifier:
					'identity-js CognitoUser.getDeviceResponse and Amplify v6 handleDeviceSRPAuth; fields as in password_verifier.json, with ' +
					'device_srp_auth_responses (the whole DEVICE_SRP_AUTH ChallengeResponses) in place of auth_parameters and ' +
					'challenge_responses the whole DEVICE_PASSWORD_VERIFIER ChallengeResponses, both identical from both libraries, keys sorted',
			},
			confirm_device: confirmVectors.map(({ chain, ...v }) => v),
			device_password_verifier: dpvVectors,
		},
		'secret_hash.json': {
			kind: 'secret_hash',
			description: 'SECRET_HASH = base64(HMAC-SHA256(key = UTF8(client_secret), msg = UTF8(username + client_id))).',
			generator,
			implementations: {
				'node:crypto': 'HMAC-SHA256 (neither amazon-cognito-identity-js nor Amplify v6 supports app-client secrets)',
			},
			vectors: buildSecretHashVectors(),
		},
		'timestamp.json': {
			kind: 'timestamp',
			description: 'TIMESTAMP challenge response ("ddd MMM D HH:mm:ss UTC YYYY") for the clock instant utc.',
			generator,
			implementations,
			provenance: {
				timestamp: 'identity-js DateHelper.getNowString() and Amplify v6 getNowString() with the clock set to utc (they must agree)',
			},
			vectors: tsVectors,
		},
		'rfc5054.json': buildRfc5054(),
	};
	// sanity
	const a = files['password_verifier.json'].vectors;
	const ids = new Set();
	for (const list of [a, files['device.json'].confirm_device, files['device.json'].device_password_verifier, tsVectors]) {
		for (const v of list) {
			assert(!ids.has(v.id), `duplicate id ${v.id}`);
			ids.add(v.id);
		}
	}
	files['alt-style/password_verifier.json'] = altStyleFile(files['password_verifier.json'], ['vectors']);
	files['alt-style/device.json'] = altStyleFile(files['device.json'], ['device_password_verifier']);
	fs.mkdirSync(path.join(outDir, 'alt-style'), { recursive: true });
	for (const [name, obj] of Object.entries(files)) fs.writeFileSync(path.join(outDir, name), toJson(obj));

	// ---- summary ----
	const count = (list) => {
		const m = {};
		for (const v of list) for (const t of v.tags) m[t] = (m[t] || 0) + 1;
		return Object.fromEntries(Object.entries(m).sort());
	};
	const secs = Number(process.hrtime.bigint() - t0) / 1e9;
	const summary = {
		seconds: Math.round(secs * 10) / 10,
		workers: jobs,
		password_verifier: { total: a.length, errors: a.filter((v) => v.error).length, tags: count(a) },
		confirm_device: { total: confirmVectors.length, tags: count(files['device.json'].confirm_device) },
		device_password_verifier: {
			total: dpvVectors.length,
			errors: dpvVectors.filter((v) => v.error).length,
			tags: count(dpvVectors),
		},
		secret_hash: files['secret_hash.json'].vectors.length,
		timestamp: tsVectors.length,
		rfc5054: 1,
	};
	if (process.env.GEN_SUMMARY) fs.writeFileSync(process.env.GEN_SUMMARY, JSON.stringify(summary, null, 1) + '\n');
	process.stderr.write(
		`wrote ${Object.keys(files).length} files to ${outDir} in ${summary.seconds} s with ${jobs} worker(s): ` +
			`${a.length} password_verifier (${summary.password_verifier.errors} error), ` +
			`${confirmVectors.length} confirm_device, ${dpvVectors.length} device_password_verifier ` +
			`(${summary.device_password_verifier.errors} error), ${summary.secret_hash} secret_hash, ` +
			`${tsVectors.length} timestamp, 1 rfc5054\n`
	);
}

if (isMainThread) {
	process.on('unhandledRejection', (e) => die(`unhandled rejection: ${e && e.stack ? e.stack : e}`));
	main().catch((e) => die(e && e.stack ? e.stack : String(e)));
} else {
	workerMain();
}
