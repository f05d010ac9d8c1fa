<#-- Addresses come from Cidr.hbaEntry (an address, network or host name, nothing else); names in
     comments are escaped so that a line break cannot end the comment. -->
# Written by citus-deploy for node ${m.node?json_string} (${m.role}) of cluster ${m.cluster?json_string}.
# Passwords (scram-sha-256) everywhere; nothing is trusted over TCP.
# TYPE  DATABASE  USER  ADDRESS  METHOD

# The Unix socket inside the container (image init, health check, docker exec).
local   all  all  scram-sha-256

# The node itself over TCP: Citus connects to itself at citus.local_hostname (localhost) for
# the rebalancer and the shard cleaner; citus-deploy's SSH tunnel arrives here too.
host    all  all  127.0.0.1/32  scram-sha-256
host    all  all  ::1/128  scram-sha-256

<#if m.privateNetwork>
# The cluster's private Docker network: the other nodes, and this machine through the
# published port (Docker forwards it from the network's gateway).
host    all  all  samenet  scram-sha-256
<#else>
# The nodes of the cluster (coordinator <-> workers, worker <-> worker for shard moves).
<#list m.nodes as n>
host    all  all  ${n.address}  scram-sha-256  # ${n.comment?json_string}
</#list>
</#if>
<#if m.clients?has_content>

# Client networks from the inventory.
<#list m.clients as c>
host    all  all  ${c}  scram-sha-256
</#list>
</#if>
