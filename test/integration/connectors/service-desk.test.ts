import { describeConnectorAcceptance } from './acceptance.ts';
import { connectorExpectations } from './expectations.ts';

const expectation = connectorExpectations.find((c) => c.connector === 'service-desk');
if (!expectation) throw new Error('no expectation for service-desk');
describeConnectorAcceptance(expectation);
