import { createHuggingFaceConnector } from './connector.js';

export { createHuggingFaceConnector, type HuggingFaceConnectorOptions } from './connector.js';
export { connectorFactoryId } from './metadata.js';

const createConnector = createHuggingFaceConnector();

export default createConnector;
