#!/usr/bin/env bash
# The official mysql image's entrypoint interface on Debian's MariaDB: on first start with an
# empty /var/lib/mysql, create the system tables, set the root password (MYSQL_ROOT_PASSWORD,
# MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD), create MYSQL_DATABASE and
# MYSQL_USER with MYSQL_PASSWORD, and run /docker-entrypoint-initdb.d; later starts reuse the
# data. MARIADB_* variables stand in for missing MYSQL_* ones. Runs the server as mysql.
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then
    set -- mariadbd "$@"
fi

case "$1" in
    mysqld | mariadbd) server=1 ;;
    *) server= ;;
esac

if [ -n "$server" ] && [ "$(id -u)" = '0' ]; then
    mkdir -p /var/lib/mysql /run/mysqld
    find /var/lib/mysql /run/mysqld \! -user mysql -exec chown mysql:mysql '{}' +
    export HOME=/var/lib/mysql
    exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
fi

# A value for SQL inside single quotes.
sql_string() {
    local value="${1//\\/\\\\}"
    printf '%s' "${value//\'/\\\'}"
}

# A name for SQL inside backquotes.
sql_name() {
    printf '%s' "${1//\`/\`\`}"
}

if [ -n "$server" ] && [ ! -d /var/lib/mysql/mysql ]; then
    for name in ROOT_PASSWORD ALLOW_EMPTY_PASSWORD RANDOM_ROOT_PASSWORD DATABASE USER PASSWORD; do
        mysql_var="MYSQL_$name"
        mariadb_var="MARIADB_$name"
        if [ -z "${!mysql_var:-}" ] && [ -n "${!mariadb_var:-}" ]; then
            export "$mysql_var=${!mariadb_var}"
        fi
    done
    if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ] && [ -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
        echo 'error: database is uninitialized and password option is not specified' >&2
        echo '       You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD' >&2
        exit 1
    fi
    if [ -n "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
        MYSQL_ROOT_PASSWORD="$(head -c 18 /dev/urandom | base64)"
        echo "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
    fi

    echo 'Initializing database files'
    mariadb-install-db --datadir=/var/lib/mysql --skip-test-db --auth-root-authentication-method=normal \
        --skip-name-resolve --default-time-zone=SYSTEM >/dev/null
    socket=/run/mysqld/mysqld-init.sock
    # a server on a socket only, so that nothing over TCP sees it before it is ready
    "$@" --skip-networking --socket="$socket" &
    pid=$!
    client=(mariadb --protocol=socket --socket="$socket" -uroot)
    for _ in $(seq 60); do
        if mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1; then
            break
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo 'error: the server stopped during initialisation' >&2
            exit 1
        fi
        sleep 0.5
    done

    root_password="$(sql_string "${MYSQL_ROOT_PASSWORD:-}")"
    {
        echo "SET @@SESSION.SQL_LOG_BIN=0;"
        # root only from the socket and from '%' (with the password), as in the official image
        echo "DROP USER IF EXISTS ''@'localhost', ''@'$(hostname)', 'root'@'127.0.0.1', 'root'@'::1', 'root'@'$(hostname)';"
        echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_password';"
        echo "CREATE USER 'root'@'%' IDENTIFIED BY '$root_password';"
        echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
        if [ -n "${MYSQL_DATABASE:-}" ]; then
            echo "CREATE DATABASE IF NOT EXISTS \`$(sql_name "$MYSQL_DATABASE")\`;"
        fi
        if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
            user="$(sql_string "$MYSQL_USER")"
            echo "CREATE USER '$user'@'%' IDENTIFIED BY '$(sql_string "$MYSQL_PASSWORD")';"
            if [ -n "${MYSQL_DATABASE:-}" ]; then
                echo "GRANT ALL ON \`$(sql_name "$MYSQL_DATABASE")\`.* TO '$user'@'%';"
            fi
        fi
        echo "FLUSH PRIVILEGES;"
    } | "${client[@]}"

    if [ -n "${MYSQL_ROOT_PASSWORD:-}" ]; then
        client+=(-p"$MYSQL_ROOT_PASSWORD")
    fi
    if [ -n "${MYSQL_DATABASE:-}" ]; then
        client+=("$MYSQL_DATABASE")
    fi
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh) echo "running $f"; . "$f" ;;
            *.sql) echo "running $f"; "${client[@]}" <"$f" ;;
            *.sql.gz) echo "running $f"; gunzip -c "$f" | "${client[@]}" ;;
            *) ;;
        esac
    done

    kill "$pid"
    wait "$pid" || true
    echo 'MariaDB init process done. Ready for start up.'
fi

exec "$@"
