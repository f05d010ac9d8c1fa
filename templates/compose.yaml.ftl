<#-- Every inserted string is a YAML double-quoted scalar (yamlString escapes quotes, backslashes and
     line breaks), so no value can add a key. In values $ is doubled too: Compose would read ${...}
     as a variable (it does not in keys). -->
<#function q text><#return yamlString(text?replace("$", "$$"))></#function>
# Written by citus-deploy for node ${m.node?json_string} (${m.role}) of cluster ${m.cluster?json_string}.
# Do not edit on the server: change the inventory and run citus-deploy apply again.
services:
  ${yamlString(m.service)}:
    image: ${q(m.image)}
    container_name: ${q(m.container)}
<#if m.network == "host">
    # Host networking: PostgreSQL listens on the server's own addresses, so pg_hba.conf sees the
    # real addresses of the other nodes and clients (no NAT), and the node reaches itself over
    # localhost as Citus expects.
    network_mode: host
<#else>
    # One private network for the cluster's nodes on this machine: they reach each other by
    # container name; the node's port is published on the machine.
    networks:
      - cluster
    ports:
      - "${m.port?c}:${m.port?c}"
</#if>
    restart: unless-stopped
    # Our entrypoint copies the secrets where the postgres user can read them, then runs the
    # image's own entrypoint (the official postgres image contract).
    entrypoint: ["bash", ${q(m.configDir + "/entrypoint.sh")}]
    command: ["postgres", "-c", ${q("config_file=" + m.configDir + "/postgresql.conf")}]
    environment:
      POSTGRES_USER: ${q(m.user)}
      POSTGRES_DB: ${q(m.database)}
      PGDATA: ${q(m.pgdata)}
      PGPORT: "${m.port?c}"
    volumes:
      - ${q("data:" + m.dataMount)}
      # The node's whole folder, not single files: apply replaces files by renaming new ones into
      # place, and a single-file mount would keep showing the old file to the running server.
      - ${q(".:" + m.configDir + ":ro")}
    # The password copies the postgres user reads (see entrypoint.sh) live in memory only.
    tmpfs:
      - /run/citus-deploy:mode=0700
    shm_size: 1g
    stop_grace_period: 2m
    healthcheck:
      # Over TCP: during first start the image's init runs on the Unix socket only, so the node
      # counts as healthy only once the real server accepts connections on its port.
      test: ["CMD", "pg_isready", "-q", "-h", "127.0.0.1", "-p", "${m.port?c}", "-U", ${q(m.user)}, "-d", ${q(m.database)}]
      interval: 2s
      timeout: 5s
      retries: 5
      start_period: 5m
    labels:
      dev.citusdeploy.cluster: ${q(m.cluster)}
      dev.citusdeploy.node: ${q(m.node)}
      dev.citusdeploy.role: ${q(m.role)}
<#if m.network != "host">
networks:
  cluster:
    name: ${q(m.networkName)}
    labels:
      dev.citusdeploy.cluster: ${q(m.cluster)}
</#if>
volumes:
  data:
    name: ${q(m.volume)}
    labels:
      dev.citusdeploy.cluster: ${q(m.cluster)}
      dev.citusdeploy.node: ${q(m.node)}
