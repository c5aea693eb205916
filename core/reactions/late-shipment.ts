import type { ShipmentData } from '../../schemas/entities/shipment.ts';

/**
 * A proactive service notice is due when a key customer's shipment is late against its promise and
 * still on its way (a delivered or cancelled one is past helping); once per shipment, however
 * often the delay is revised.
 */
export const lateShipmentNoticeKey = (
  shipment: Pick<ShipmentData, 'shipmentNumber' | 'status'>,
  delayDays: number,
  isKeyCustomer: boolean,
): string | undefined => {
  if (!isKeyCustomer || delayDays <= 0) return undefined;
  if (shipment.status === 'delivered' || shipment.status === 'cancelled') return undefined;
  return `late-shipment:${shipment.shipmentNumber}`;
};
