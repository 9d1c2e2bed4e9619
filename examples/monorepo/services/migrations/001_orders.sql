CREATE TABLE orders (id text primary key, cents bigint);
