import { describeConnectorAcceptance } from './acceptance.ts';
import { connectorExpectations } from './expectations.ts';

const expectation = connectorExpectations.find((c) => c.connector === 'windchill');
if (!expectation) throw new Error('no expectation for windchill');
describeConnectorAcceptance(expectation);
