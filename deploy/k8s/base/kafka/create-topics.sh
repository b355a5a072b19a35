#!/bin/bash
# Creates the Kafka topics of API.md §8 and a dead-letter topic (<topic>.dlq) for each.
# Idempotent (--if-not-exists). Used by docker compose (kafka-init) and by the Kubernetes Job (kafka-topics).
# Each line `create <topic> <partitions> <retention.ms>` is also read by BigTechChat.Deploy.Tests.
set -euo pipefail

BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
REPLICATION_FACTOR="${KAFKA_REPLICATION_FACTOR:-1}"
KAFKA_TOPICS="${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh"

# The broker may still be starting; wait for it instead of failing the one-shot job.
for attempt in $(seq 1 60); do
  if "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --list > /dev/null 2>&1; then break; fi
  echo "waiting for Kafka at $BOOTSTRAP ($attempt/60)"; sleep 2
done

create() {
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor "$REPLICATION_FACTOR" --config retention.ms="$3"
}

# 7 d = 604800000 ms, 1 h = 3600000 ms. Dead-letter topics keep 7 d so failures can be inspected and replayed.
create user.events              3 604800000
create user.events.dlq          3 604800000
create user.online_status       6 3600000
create user.online_status.dlq   6 604800000
create friend.events            3 604800000
create friend.events.dlq        3 604800000
create message.events          10 604800000
create message.events.dlq      10 604800000
create chat.events              3 604800000
create chat.events.dlq          3 604800000

"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --describe | grep -E '^Topic:' || true
echo "topics ready"
