export { applyUpdateOps } from './apply'
export { updateOpsLua } from './lua'
export { parseUpdateOps } from './parse'
export {
  type UpdateOp,
  type UpdateOpError,
  type UpdateOpsResult,
  type UpdateOpType,
  type UpdatePath,
  updateOpLimits,
  updateOpsDocUrl,
  updateOpTypes,
} from './types'
export { toStored } from './values'
