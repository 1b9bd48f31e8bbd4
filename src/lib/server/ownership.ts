/**
 * Who enters an indicator's values (with `i` the indicator and `o` its objective in the query): the
 * director the indicator names (`indicatori.csv`'s `dirigente`), else the objective's lead. Every
 * ownership check on the server and every director's list of indicators uses this one expression, so
 * they cannot disagree.
 */
export const OWNER_SQL = 'COALESCE(i.director_id, o.director_id)';
