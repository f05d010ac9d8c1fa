# Written by citus-deploy for node ${m.node} (${m.role}) of cluster ${m.cluster}.
# Do not edit on the server: change the inventory's postgresql section and run apply again.
# Each line says where its value comes from.
<#list m.settings as s>
<#assign line = s.name + " = " + s.value>
${line?right_pad(52)} # ${s.origin}
</#list>
