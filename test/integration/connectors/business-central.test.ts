import { describeConnectorAcceptance } from './acceptance.ts';
import { connectorExpectations } from './expectations.ts';

const expectation = connectorExpectations.find((c) => c.connector === 'business-central');
if (!expectation) throw new Error('no expectation for business-central');
describeConnectorAcceptance(expectation);
