/**
 * Word lists the seeded generator draws from, so the sandbox looks like a mid-sized European pump and
 * drive manufacturer selling to industrial customers at home and abroad.
 */

/** A customer country with the details addresses and phone numbers need. */
export interface CountryProfile {
  readonly code: string;
  readonly dialCode: string;
  readonly tld: string;
  readonly language: 'DE' | 'EN' | 'FR' | 'NL' | 'IT' | 'PL' | 'SV';
  readonly currency: string;
  readonly cities: readonly {
    readonly name: string;
    readonly postalCode: string;
    readonly areaCode: string;
  }[];
  readonly streets: readonly string[];
  readonly legalForms: readonly string[];
  /** Relative weight: most customers are domestic. */
  readonly weight: number;
}

export const countries: readonly CountryProfile[] = [
  {
    code: 'DE',
    dialCode: '49',
    tld: 'de',
    language: 'DE',
    currency: 'EUR',
    cities: [
      { name: 'Hamburg', postalCode: '20095', areaCode: '40' },
      { name: 'München', postalCode: '80331', areaCode: '89' },
      { name: 'Stuttgart', postalCode: '70173', areaCode: '711' },
      { name: 'Dortmund', postalCode: '44135', areaCode: '231' },
      { name: 'Leipzig', postalCode: '04109', areaCode: '341' },
      { name: 'Bremen', postalCode: '28195', areaCode: '421' },
      { name: 'Mannheim', postalCode: '68159', areaCode: '621' },
    ],
    streets: ['Industriestraße', 'Hafenstraße', 'Gewerbering', 'Am Kanal', 'Werkstraße', 'Lindenallee'],
    legalForms: ['GmbH', 'GmbH & Co. KG', 'AG', 'KG'],
    weight: 6,
  },
  {
    code: 'AT',
    dialCode: '43',
    tld: 'at',
    language: 'DE',
    currency: 'EUR',
    cities: [
      { name: 'Wien', postalCode: '1100', areaCode: '1' },
      { name: 'Linz', postalCode: '4020', areaCode: '732' },
      { name: 'Graz', postalCode: '8020', areaCode: '316' },
    ],
    streets: ['Industriezeile', 'Gewerbepark', 'Triester Straße'],
    legalForms: ['GmbH', 'AG'],
    weight: 1,
  },
  {
    code: 'NL',
    dialCode: '31',
    tld: 'nl',
    language: 'NL',
    currency: 'EUR',
    cities: [
      { name: 'Rotterdam', postalCode: '3011 AA', areaCode: '10' },
      { name: 'Eindhoven', postalCode: '5611 AB', areaCode: '40' },
    ],
    streets: ['Havenweg', 'Industrieweg', 'Energieweg'],
    legalForms: ['B.V.', 'N.V.'],
    weight: 1,
  },
  {
    code: 'GB',
    dialCode: '44',
    tld: 'co.uk',
    language: 'EN',
    currency: 'GBP',
    cities: [
      { name: 'Manchester', postalCode: 'M1 1AE', areaCode: '161' },
      { name: 'Birmingham', postalCode: 'B1 1BB', areaCode: '121' },
      { name: 'Leeds', postalCode: 'LS1 4DY', areaCode: '113' },
    ],
    streets: ['Mill Lane', 'Dock Road', 'Enterprise Way'],
    legalForms: ['Ltd', 'plc'],
    weight: 1,
  },
  {
    code: 'US',
    dialCode: '1',
    tld: 'com',
    language: 'EN',
    currency: 'USD',
    cities: [
      { name: 'Chicago', postalCode: '60607', areaCode: '312' },
      { name: 'Houston', postalCode: '77002', areaCode: '713' },
      { name: 'Cleveland', postalCode: '44114', areaCode: '216' },
    ],
    streets: ['Industrial Parkway', 'Commerce Drive', 'River Road'],
    legalForms: ['Inc.', 'LLC', 'Corp.'],
    weight: 1,
  },
  {
    code: 'PL',
    dialCode: '48',
    tld: 'pl',
    language: 'PL',
    currency: 'PLN',
    cities: [
      { name: 'Poznań', postalCode: '60-001', areaCode: '61' },
      { name: 'Wrocław', postalCode: '50-001', areaCode: '71' },
    ],
    streets: ['ul. Przemysłowa', 'ul. Fabryczna'],
    legalForms: ['Sp. z o.o.', 'S.A.'],
    weight: 1,
  },
];

/** First words of customer company names. */
export const companyStems: readonly string[] = [
  'Brandt',
  'Keller',
  'Nordwerk',
  'Hansen',
  'Albrecht',
  'Vogel',
  'Steinmetz',
  'Baumann',
  'Rheinland',
  'Elbtal',
  'Harbor',
  'Lakeside',
  'Summit',
  'Meridian',
  'Falk',
  'Weber',
  'Krüger',
  'Lindqvist',
  'Vermeulen',
  'Kowalski',
  'Ashford',
  'Greystone',
  'Blue River',
  'Ostsee',
  'Alpina',
  'Donau',
  'Westfalen',
  'Sauer',
  'Hoffmann',
  'Brightwater',
];

/** Industry words: the customers are plants, utilities and machine builders. */
export const companyTrades: readonly string[] = [
  'Fördertechnik',
  'Wasserwerke',
  'Anlagenbau',
  'Maschinenbau',
  'Chemie',
  'Brauerei',
  'Stadtwerke',
  'Kältetechnik',
  'Process Systems',
  'Water Services',
  'Engineering',
  'Paper Mills',
  'Food Processing',
  'Energy',
  'Hydraulics',
];

export const firstNames: readonly string[] = [
  'Anna',
  'Jonas',
  'Lena',
  'Felix',
  'Marie',
  'Lukas',
  'Sophie',
  'Paul',
  'Emma',
  'David',
  'Julia',
  'Tom',
  'Sarah',
  'Jan',
  'Laura',
  'Piotr',
  'Eva',
  'Oliver',
  'Grace',
  'Henrik',
];

export const lastNames: readonly string[] = [
  'Berg',
  'Schulz',
  'Fischer',
  'Wagner',
  'Becker',
  'Meyer',
  'Smith',
  'Brown',
  'Nowak',
  'de Vries',
  'Schmidt',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Taylor',
  'Jansen',
  'Wójcik',
  'Lang',
];

/** A product family of the manufacturer's catalogue. */
export interface ProductFamily {
  readonly prefix: string;
  readonly name: string;
  readonly sizes: readonly string[];
  readonly priceRange: readonly [number, number];
  /** Main products are sold and get accessories; accessories are cross-sell material. */
  readonly role: 'main' | 'accessory';
  /** Families whose parts are this family's accessories. */
  readonly accessoryFamilies: readonly string[];
}

export const productFamilies: readonly ProductFamily[] = [
  {
    prefix: 'CP',
    name: 'Centrifugal Pump',
    sizes: ['3216', '4020', '5026', '6532', '8040'],
    priceRange: [1800, 7400],
    role: 'main',
    accessoryFamilies: ['MS', 'CPL', 'PT'],
  },
  {
    prefix: 'SP',
    name: 'Submersible Pump',
    sizes: ['0750', '1500', '3000'],
    priceRange: [2400, 9800],
    role: 'main',
    accessoryFamilies: ['MS', 'PT'],
  },
  {
    prefix: 'GM',
    name: 'Helical Gear Motor',
    sizes: ['0071', '0090', '0112', '0132'],
    priceRange: [950, 4200],
    role: 'main',
    accessoryFamilies: ['FI', 'CPL'],
  },
  {
    prefix: 'FI',
    name: 'Frequency Inverter',
    sizes: ['0040', '0075', '0150'],
    priceRange: [780, 2900],
    role: 'accessory',
    accessoryFamilies: [],
  },
  {
    prefix: 'MS',
    name: 'Mechanical Seal Kit',
    sizes: ['0032', '0040', '0050'],
    priceRange: [120, 480],
    role: 'accessory',
    accessoryFamilies: [],
  },
  {
    prefix: 'CPL',
    name: 'Flexible Coupling',
    sizes: ['0024', '0038', '0048'],
    priceRange: [90, 360],
    role: 'accessory',
    accessoryFamilies: [],
  },
  {
    prefix: 'PT',
    name: 'Pressure Transmitter',
    sizes: ['0010', '0016', '0040'],
    priceRange: [210, 640],
    role: 'accessory',
    accessoryFamilies: [],
  },
];

export const carriers: readonly string[] = [
  'DHL Freight',
  'DB Schenker',
  'Kuehne+Nagel',
  'UPS Supply Chain',
  'DSV',
];

/** Warehouses (Oracle inventory organisations) stock is held in. */
export const warehouses: readonly { readonly code: string; readonly name: string }[] = [
  { code: 'HH1', name: 'Hamburg Central Warehouse' },
  { code: 'CHI', name: 'Chicago Distribution Center' },
];

/** Search terms web visitors type into the shop search. */
export const searchTerms: readonly string[] = [
  'centrifugal pump',
  'seal kit',
  'gear motor 90',
  'frequency inverter 7.5 kW',
  'pressure transmitter',
  'submersible pump spare parts',
  'coupling 38',
  'pump curve',
];
