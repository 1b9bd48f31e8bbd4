// Starts the built dashboard (adapter-node) and says where to open it.
// The database is created, migrated and seeded with the shipped plan by the server's init hook.
process.env.PORT ||= '3000';
process.env.DATABASE_PATH ||= 'db/cruscotto.sqlite';

const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
await import('../build/index.js');
console.log(`\nCruscotto della performance avviato: http://${host}:${process.env.PORT}/  (Ctrl+C per fermare)`);
