/** Dates and amounts as an agent reads them, in the browser's locale. */
export const formatDate = (iso: string | undefined): string => {
  if (!iso) return '–';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return iso.length <= 10
    ? new Date(time).toLocaleDateString(undefined, { timeZone: 'UTC' })
    : new Date(time).toLocaleString();
};

export const formatMoney = (amount: number | undefined, currency: string): string =>
  amount === undefined
    ? '–'
    : new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);

/** `270` → `4 min 30 s`. */
export const formatLag = (seconds: number | undefined): string => {
  if (seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
};
