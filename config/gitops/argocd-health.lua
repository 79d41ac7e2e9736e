-- Argo CD health check for ecsmi.io/CapacityProvider (resource.customizations.health.ecsmi.io_CapacityProvider).
-- Maps the operator's kstatus conditions: Stalled=True -> Degraded, Ready=True -> Healthy,
-- anything still converging -> Progressing.
local hs = {}
if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Deleting: the operator is removing the ECS capacity provider"
  return hs
end
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end
if obj.metadata ~= nil and obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile the latest spec"
  return hs
end
local ready = nil
local reconciling = nil
for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Stalled" and condition.status == "True" then
    hs.status = "Degraded"
    hs.message = condition.message or condition.reason or "Stalled"
    return hs
  end
  if condition.type == "Ready" then
    ready = condition
  end
  if condition.type == "Reconciling" and condition.status == "True" then
    reconciling = condition
  end
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Ready"
  return hs
end
hs.status = "Progressing"
if reconciling ~= nil then
  hs.message = reconciling.message or reconciling.reason
elseif ready ~= nil then
  hs.message = ready.message or ready.reason
else
  hs.message = "Waiting for the operator"
end
return hs
