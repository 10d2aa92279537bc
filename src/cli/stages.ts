/**
 * The pipeline's stages as the commands call them, required when a command runs instead of when
 * the CLI starts. `composex --version` and `--help` load only commander and the command
 * definitions; `config` loads the Compose front end, `graph` and `lookup` load and resolve, and
 * only the commands that synthesize (render, plan, deploy, push) load aws-cdk-lib. A command
 * module imports types from the stages freely (they vanish when compiled) and calls the stages
 * through these functions; the deploy stage and its AWS SDK clients are required the same way in
 * deploy.ts.
 */
/* The accessors are `require` on purpose: a static import is what loads a module at start. */
export const compileStage = (): typeof import('../compile') => require('../compile') as typeof import('../compile');
export const loadStage = (): typeof import('../compose/load') => require('../compose/load') as typeof import('../compose/load');
export const serializeStage = (): typeof import('../compose/serialize') => require('../compose/serialize') as typeof import('../compose/serialize');
export const lookupRequestsStage = (): typeof import('../resolve/lookup-requests') =>
  require('../resolve/lookup-requests') as typeof import('../resolve/lookup-requests');
export const graphStage = (): typeof import('../graph/graph') => require('../graph/graph') as typeof import('../graph/graph');
export const graphFormatStage = (): typeof import('../graph/render') => require('../graph/render') as typeof import('../graph/render');
export const renderStage = (): typeof import('../render/render') => require('../render/render') as typeof import('../render/render');
export const rawPropertiesStage = (): typeof import('../render/raw-properties') => require('../render/raw-properties') as typeof import('../render/raw-properties');
export const validateStage = (): typeof import('../render/validate') => require('../render/validate') as typeof import('../render/validate');
export const writeStage = (): typeof import('../render/write') => require('../render/write') as typeof import('../render/write');
export const summaryStage = (): typeof import('../render/summary') => require('../render/summary') as typeof import('../render/summary');
