-- Events are written in bulk (a block full of payments publishes thousands at once) and a
-- payment intent's resource is ~2 KB of JSON: just above the size at which Postgres compresses
-- a row (pglz), which cost more than everything else of writing the row. Rows up to ~4 KB are
-- kept as they are (more disk per event, no compression on the hot path); larger ones are still
-- compressed and moved out of line as before.
alter table events set (toast_tuple_target = 4080);
