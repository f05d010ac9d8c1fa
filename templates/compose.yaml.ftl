# Written by citus-deploy for node ${m.node} (${m.role}) of cluster ${m.cluster}.
# Do not edit on the server: change the inventory and run citus-deploy apply again.
services:
  ${m.service}:
    image: ${m.image}
    container_name: ${m.container}
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
      - "${m.port}:${m.port}"
</#if>
    restart: unless-stopped
    # Our entrypoint copies the secrets where the postgres user can read them, then runs the
    # image's own entrypoint (the official postgres image contract).
    entrypoint: ["bash", "${m.configDir}/entrypoint.sh"]
    command: ["postgres", "-c", "config_file=${m.configDir}/postgresql.conf"]
    environment:
      POSTGRES_USER: "${m.user}"
      POSTGRES_DB: "${m.database}"
      PGDATA: ${m.pgdata}
      PGPORT: "${m.port}"
    volumes:
      - data:${m.dataMount}
      # The node's whole folder, not single files: apply replaces files by renaming new ones into
      # place, and a single-file mount would keep showing the old file to the running server.
      - .:${m.configDir}:ro
    shm_size: 1g
    stop_grace_period: 2m
    healthcheck:
      # Over TCP: during first start the image's init runs on the Unix socket only, so the node
      # counts as healthy only once the real server accepts connections on its port.
      test: ["CMD", "pg_isready", "-q", "-h", "127.0.0.1", "-p", "${m.port}", "-U", "${m.user}", "-d", "${m.database}"]
      interval: 2s
      timeout: 5s
      retries: 5
      start_period: 5m
    labels:
      dev.citusdeploy.cluster: "${m.cluster}"
      dev.citusdeploy.node: "${m.node}"
      dev.citusdeploy.role: "${m.role}"
<#if m.network != "host">
networks:
  cluster:
    name: ${m.networkName}
    labels:
      dev.citusdeploy.cluster: "${m.cluster}"
</#if>
volumes:
  data:
    name: ${m.volume}
    labels:
      dev.citusdeploy.cluster: "${m.cluster}"
      dev.citusdeploy.node: "${m.node}"
