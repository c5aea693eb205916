import { describeConnectorAcceptance } from './acceptance.ts';
import { connectorExpectations } from './expectations.ts';

const expectation = connectorExpectations.find((c) => c.connector === 'sap-s4');
if (!expectation) throw new Error('no expectation for sap-s4');
describeConnectorAcceptance(expectation);
