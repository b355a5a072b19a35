-- One MySQL server, one database per service (each service owns its data).
-- The image creates `userdb` and the `bigtechchat` user from MYSQL_DATABASE / MYSQL_USER before this runs.
CREATE DATABASE IF NOT EXISTS userdb CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS frienddb CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS chatdb CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
GRANT ALL PRIVILEGES ON userdb.* TO 'bigtechchat'@'%';
GRANT ALL PRIVILEGES ON frienddb.* TO 'bigtechchat'@'%';
GRANT ALL PRIVILEGES ON chatdb.* TO 'bigtechchat'@'%';
FLUSH PRIVILEGES;
