// Starts the built dashboard (adapter-node's request handler) and says where to open it.
// The database is created, migrated and seeded with the shipped plan by the server's init hook.
//
// Why not adapter-node's own `build/index.js`: without ORIGIN it takes every request to be https, so
// the Origin a browser sends on plain http (http://localhost:3000, http://192.168.1.20:3000, …) never
// matches and SvelteKit refuses every form post as cross-site. This server is plain http, so unless
// the administrator says otherwise (ORIGIN, or PROTOCOL_HEADER behind a TLS proxy) each request is
// marked as http, with the host the browser itself asked for. SvelteKit's CSRF check stays on: a form
// posted from another site carries that site's Origin and is still refused.
import http from 'node:http';
import process from 'node:process';
import { limitHeapGrowth } from './heap-growth.js';

// First, before the heap grows: keeps the server's memory near what it uses (see heap-growth.js).
try {
	limitHeapGrowth();
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
}

process.env.PORT ||= '3000';
process.env.DATABASE_PATH ||= 'db/cruscotto.sqlite';
// Evidence files (5 MB each, one per row of a director's table) and CSV uploads (20 MB) travel in
// multipart bodies: the limit must let them reach the action, which refuses an oversized file itself,
// in Italian, on the same page, keeping what the user typed. Beyond this, the request is refused here.
process.env.BODY_SIZE_LIMIT ||= '64M';
const bodyLimit = parseBytes(process.env.BODY_SIZE_LIMIT);

const PLAIN_HTTP_HEADER = 'x-cruscotto-protocollo';
const markPlainHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (markPlainHttp) process.env.PROTOCOL_HEADER = PLAIN_HTTP_HEADER;

const { handler } = await import('../build/handler.js');

const server = http.createServer((req, res) => {
	// Overwritten on every request, so a client cannot choose the protocol by sending the header.
	if (markPlainHttp) req.headers[PLAIN_HTTP_HEADER] = 'http';
	if (Number(req.headers['content-length'] ?? 0) > bodyLimit) return refuseTooLarge(req, res);
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Non trovato');
	});
});

const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT);
server.listen(port, host, () => {
	const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
	console.log(`\nCruscotto della performance avviato: http://${shown}:${port}/  (Ctrl+C per fermare)`);
	if (!markPlainHttp) console.log(`Indirizzo pubblico: ${process.env.ORIGIN ?? `da ${process.env.PROTOCOL_HEADER}`}`);
});

/** adapter-node's own answer is an English "Payload Too Large": say it in Italian, and how to go back. */
function refuseTooLarge(req, res) {
	const mb = Math.floor(bodyLimit / 1024 / 1024);
	const page =
		`<!doctype html><html lang="it"><meta charset="utf-8"><title>Invio troppo grande · Cruscotto della performance</title>` +
		`<main><h1>Invio troppo grande</h1><p>I file inviati insieme superano ${mb} MB, il massimo che il cruscotto accetta in un solo invio ` +
		`(ogni file di evidenza al massimo 5 MB, un file CSV al massimo 20 MB). Nulla è stato salvato.</p>` +
		`<p>Tornare alla pagina precedente con il tasto «Indietro» del browser: ciò che era stato scritto nei campi è ancora lì.</p></main></html>`;
	// Answered once the upload has arrived, read and dropped (never kept): a browser that is still
	// sending when the connection closes shows "connection reset" instead of this page.
	req.on('error', () => res.destroy());
	req.on('end', () => {
		res.writeHead(413, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
		res.end(page);
	});
	req.resume();
}

/** `64M`, `512K`, `1000000`, as adapter-node reads BODY_SIZE_LIMIT. */
function parseBytes(value) {
	if (String(value).trim() === 'Infinity') return Infinity;
	const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(String(value).trim());
	if (!m) throw new Error(`BODY_SIZE_LIMIT non valido: «${value}» (per esempio 64M)`);
	const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
	return Number(m[1]) * unit;
}

function shutdown() {
	server.closeIdleConnections();
	server.close(() => process.exit(0));
	// Requests still running get a few seconds to finish.
	setTimeout(() => process.exit(0), 5_000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
