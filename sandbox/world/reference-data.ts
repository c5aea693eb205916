import {
  type CountryProfile,
  companyStems,
  companyTrades,
  countries,
  firstNames,
  lastNames,
  productFamilies,
} from './catalog.ts';
import type { SeededRandom } from './seeded-random.ts';

const DAY_MS = 86_400_000;

/** A customer of the manufacturer, before it is written into any system. */
export interface CustomerProfile {
  readonly index: number;
  readonly companyName: string;
  readonly country: CountryProfile;
  readonly city: string;
  readonly postalCode: string;
  readonly street: string;
  readonly houseNumber: string;
  readonly contactFirstName: string;
  readonly contactLastName: string;
  /** The purchasing contact's e-mail, the identifier identity resolution links systems by. */
  readonly email: string;
  /** E.164 phone number, e.g. `+49401234567`. */
  readonly phoneE164: string;
  /** The same number as people type it in their own country, e.g. `040 1234567`. */
  readonly phoneNational: string;
  /** Kept in SAP S/4HANA (the headquarters ERP). */
  readonly inSap: boolean;
  /** Kept in Business Central (the acquired subsidiary's ERP). */
  readonly inBusinessCentral: boolean;
  /** Web-shop account: visitors identify with this userId (an e-mail or a shop user id). */
  readonly webUserId?: string;
  /** Relative order volume (a Pareto-like spread: a few key customers bring most revenue). */
  readonly orderWeight: number;
  readonly createdAt: Date;
}

/** A part of the catalogue. */
export interface ProductProfile {
  readonly number: string;
  readonly name: string;
  readonly familyPrefix: string;
  readonly role: 'main' | 'accessory';
  readonly listPrice: number;
  /** The part number that supersedes this one, if it is being phased out. */
  readonly successorNumber?: string;
  readonly accessoryNumbers: readonly string[];
  /** Obsolete parts are no longer sold (but customers still own them). */
  readonly obsolete: boolean;
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const pickCountry = (random: SeededRandom): CountryProfile => {
  const total = countries.reduce((sum, country) => sum + country.weight, 0);
  let roll = random.next() * total;
  for (const country of countries) {
    roll -= country.weight;
    if (roll < 0) return country;
  }
  return random.pick(countries);
};

/** Generates `count` customers; the split across systems leaves overlap for identity resolution. */
export const generateCustomers = (
  random: SeededRandom,
  count: number,
  now: Date,
  minAgeDays = 400,
): CustomerProfile[] => {
  const usedNames = new Set<string>();
  const customers: CustomerProfile[] = [];
  for (let index = 0; index < count; index += 1) {
    const country = pickCountry(random);
    let companyName = '';
    for (let attempt = 0; companyName === '' || usedNames.has(companyName); attempt += 1) {
      const base = `${random.pick(companyStems)} ${random.pick(companyTrades)}`;
      companyName = `${attempt > 3 ? `${base} ${attempt}` : base} ${random.pick(country.legalForms)}`;
    }
    usedNames.add(companyName);
    const city = random.pick(country.cities);
    const contactFirstName = random.pick(firstNames);
    const contactLastName = random.pick(lastNames);
    const domain = `${slug(companyName.split(' ').slice(0, 2).join(' '))}.${country.tld}`;
    const email = `${slug(contactFirstName)}.${slug(contactLastName)}@${domain}`;
    const subscriber = String(random.int(1_000_000, 9_999_999));
    const roll = random.next();
    // 55 % only in SAP, 20 % in both ERPs (identity resolution has work to do), 25 % only in Business Central.
    const inSap = roll < 0.75;
    const inBusinessCentral = roll >= 0.55;
    const hasWebAccount = random.chance(0.45);
    customers.push({
      index,
      companyName,
      country,
      city: city.name,
      postalCode: city.postalCode,
      street: random.pick(country.streets),
      houseNumber: String(random.int(1, 180)),
      contactFirstName,
      contactLastName,
      email,
      phoneE164: `+${country.dialCode}${city.areaCode}${subscriber}`,
      phoneNational: `${country.dialCode === '1' ? '' : '0'}${city.areaCode} ${subscriber}`,
      inSap,
      inBusinessCentral,
      ...(hasWebAccount
        ? { webUserId: random.chance(0.5) ? email : `WEB-${String(100_000 + index * 7 + random.int(0, 6))}` }
        : {}),
      // Pareto-like: weight ~ 1/rank^1.1 over a shuffled rank, so a fifth of customers bring most orders.
      orderWeight: 1 / random.int(1, count) ** 1.1,
      createdAt: new Date(
        now.getTime() - random.int(minAgeDays, minAgeDays + 2_000) * DAY_MS - random.int(0, DAY_MS),
      ),
    });
  }
  return customers;
};

/** Generates the catalogue: main products with accessories, some superseded by a successor. */
export const generateProducts = (random: SeededRandom, sizesPerFamily: number): ProductProfile[] => {
  const products: ProductProfile[] = [];
  for (const family of productFamilies) {
    for (const size of family.sizes.slice(0, sizesPerFamily)) {
      const [low, high] = family.priceRange;
      products.push({
        number: `${family.prefix}-${size}`,
        name: `${family.name} ${family.prefix} ${Number(size)}`,
        familyPrefix: family.prefix,
        role: family.role,
        listPrice: Math.round(random.int(low, high) / 10) * 10,
        accessoryNumbers: [],
        obsolete: false,
      });
    }
  }
  // Accessories: each main product gets one matching part from each accessory family.
  const withAccessories = products.map((product) => {
    const family = productFamilies.find((candidate) => candidate.prefix === product.familyPrefix);
    const accessoryNumbers = (family?.accessoryFamilies ?? []).flatMap((prefix) => {
      const options = products.filter((candidate) => candidate.familyPrefix === prefix);
      return options.length > 0 ? [random.pick(options).number] : [];
    });
    return { ...product, accessoryNumbers };
  });
  // Predecessors: about a third of main products replace an older model that is being phased out.
  const predecessors: ProductProfile[] = withAccessories
    .filter((product) => product.role === 'main' && random.chance(0.35))
    .map((product) => ({
      ...product,
      number: `${product.number}-V1`,
      name: `${product.name} (1st gen)`,
      listPrice: Math.round(product.listPrice * 0.9),
      successorNumber: product.number,
      obsolete: random.chance(0.5),
    }));
  return [...withAccessories, ...predecessors];
};
