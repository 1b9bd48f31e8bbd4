/**
 * Bytes on the wire per page, as a browser asks for them (`Accept-Encoding: br, gzip`) and without
 * compression, on a server started the way the README starts it. Usage:
 *   npx tsx scripts/wire-sizes.ts http://localhost:3000 <utente> <password>
 */
import http from 'node:http';

const [base, user, password] = process.argv.slice(2);
const PAGES = ['/', '/dirigenti/1', '/valori-pubblici/1', '/obiettivi/2022/2022-B7-OP-01', '/cerca?q=strade', '/report/schede', '/report/relazione', '/report/relazione/csv', '/trasparenza/2022', '/trasparenza/2022/dati.json'];

function get(path: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; encoding: string }> {
	return new Promise((resolve, reject) => {
		http.get(base + path, { headers }, (res) => {
			let bytes = 0;
			res.on('data', (d: Buffer) => (bytes += d.length));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, encoding: String(res.headers['content-encoding'] ?? '—') }));
		}).on('error', reject);
	});
}

const signIn = await fetch(`${base}/accesso`, { method: 'POST', body: new URLSearchParams({ utente: user, password }), headers: { origin: base, accept: 'text/html' }, redirect: 'manual' });
const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('sessione='))!.split(';')[0];
const kb = (n: number) => `${(n / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} kB`;
console.log('| pagina | senza compressione | br | gzip |\n| --- | --- | --- | --- |');
for (const p of PAGES) {
	const plain = await get(p, { cookie });
	const br = await get(p, { cookie, 'accept-encoding': 'br, gzip' });
	const gz = await get(p, { cookie, 'accept-encoding': 'gzip' });
	console.log(`| \`${p}\` | ${kb(plain.bytes)} | ${kb(br.bytes)} (${br.encoding}) | ${kb(gz.bytes)} (${gz.encoding}) |`);
}
