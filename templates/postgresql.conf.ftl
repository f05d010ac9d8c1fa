# Written by citus-deploy for node ${m.node} (${m.role}) of cluster ${m.cluster}.
# Do not edit on the server: change the inventory's postgresql section and run apply again.
# Each line says where its value comes from.
<#list m.settings as s>
${s.name} = ${s.value}<#if s.value?length < 28>${""?left_pad(28 - s.value?length)}</#if>  # ${s.origin}
</#list>
