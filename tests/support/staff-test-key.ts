/**
 * The TEST key pair for staff tokens. Its private half is public knowledge (it
 * is in git), so a token signed with it proves nothing: the Worker accepts it
 * only where the vitest config or the e2e server pass its public half as
 * `ACCESS_LOCAL_JWKS` together with `ENVGRID_ENV=local`, which nothing deployed
 * sets. `npm start` makes its own key pair under .wrangler/ instead.
 * Generated once with jose `generateKeyPair('RS256', { extractable: true })`.
 */
import type { JWK } from 'jose';
import { localStaffVars } from '../../functions/staff/local-access.ts';

/** Public half, as `ACCESS_LOCAL_JWKS` carries it. */
export const TEST_STAFF_PUBLIC_JWK: JWK = {
  kty: 'RSA',
  n: '2QjdLeEp37cB43p5eySJlZOfjDqF3SV81Ua_1tMdM1Lbx8JMUZhnSR1M_OksuhXaZ_NeHh0fv7PQIrsbOh_O0inZzxG6VO2mLLYViQ6m5arWUHiLZpdGZt9aVgqhXFoAZbIA_vOz4ojQHLgOwCAyfKxpcJiXkB2-gwQibdTv1jndnd4_DNrwMvBE-D5bRCPIp1xCT-9tohFz4K8hsUzSc0V2DsV145yCnJAtPhZtjYUfXYWze7X7Kh_id01xht1FXlko6rofoCdOtlUAyOH0iapN7WrC7sB1KMG9npLldzyJUAjpafd0Qx6nKO0VFnv1Hn5lKMQBR2etYxqhux7NMw',
  e: 'AQAB',
  kid: 'envgrid-test-1',
  alg: 'RS256',
  use: 'sig',
};

/** Private half: signs test tokens (tests/support/staff-tokens.ts) and the e2e local sign-in page. */
export const TEST_STAFF_PRIVATE_JWK: JWK = {
  kty: 'RSA',
  n: '2QjdLeEp37cB43p5eySJlZOfjDqF3SV81Ua_1tMdM1Lbx8JMUZhnSR1M_OksuhXaZ_NeHh0fv7PQIrsbOh_O0inZzxG6VO2mLLYViQ6m5arWUHiLZpdGZt9aVgqhXFoAZbIA_vOz4ojQHLgOwCAyfKxpcJiXkB2-gwQibdTv1jndnd4_DNrwMvBE-D5bRCPIp1xCT-9tohFz4K8hsUzSc0V2DsV145yCnJAtPhZtjYUfXYWze7X7Kh_id01xht1FXlko6rofoCdOtlUAyOH0iapN7WrC7sB1KMG9npLldzyJUAjpafd0Qx6nKO0VFnv1Hn5lKMQBR2etYxqhux7NMw',
  e: 'AQAB',
  d: 'WbKBotwLj9OVWrv76ApuOFzmFDD9sSu0n3qZf4IJ7_O_NJxXKWPY0A1li6Mc4p10ggDBdaWowPRiQXBd7NRHiHFWfO-BOGdthc4NMXNWQ9Yqs-BWEKTVql-F-Mh07vOddWovYi87OZU8mZnyMrI7223wN-JAxYWdfo1fY1AdfUXyzzFCJ5PT7ZeumhNJawdIW267I5Y35ONkDEYurQ0C0-Zprq9mhHIn1vEEfChuTc_vEIre8AnRXQn_CE6D-mciMfAwWMZgmPcLFTgtU8eBkYkI5LnRiSA7YbY-889K1pudEjq4SJbT1QC9eeQeOOna6Hpj0Pv2giSGdYgeNunctQ',
  p: '--BtQgF_QSsDUShAQ_gsxdH6Gl6_4S5hV-6xE4ZNOtle1e27Cs499T6SRxr8oC0DmCVjHMKKSo5hZKU1jWu0WTnPdfHEEX3p08e1gKqNCZanodWBWHmoUMPjiGJhiKYIuI6C4wyVxYRqI-57TDYyALFeWoOIB3bW9eRtfOZU9nU',
  q: '3JZrhHe-dQShdM8-AKECD56T6IdW0yJjQSUgupS59rjxNeDm1M9a96YgnEknTd0hwvLWQhq8ktn9FqPT2LyU8-baepSFqc1jNKNxZTXYEaXzcktxwbleqjM9zdqBBgizzoIKGJMymbZNUOgxAxokHzXV4vuy_DDWpw7b6Zy50Ac',
  dp: 'Jl8KRgP0XvkuiC6Zm8EzEO_sKhhFIwjty3eRgmfzXAPBbtXIqNzCk5n0ruBtm_k_ku4fK0J3zuPh8nM4tVKzJuSntlAejougE6NZA0D4O324C-96xP_DpIozH5PdR_QDYBpV1kEUkAKcKN0r63BWLcTXmvJuxrRUCyHBjEWKrAE',
  dq: 'nT7lOjMaI9S_O8OYUV51V6kViwcfT7cNxhyvbhIjVsuTt3KxWjbOhAd6664CRLFEJfJx5gGlN5IJpp_2nmQgUpXYXNWPSvJMq_NvHFT7x-ji2DEL0KtR3kZU4m_G1gRSGP3-MHKN-aFJEEnU1n9GDLGV3Q7MEpbGDaS8A5ZjpvU',
  qi: 'ZtljMAGZO0jsDBAeFFgS0bqWYt3bjUwWIOm7dyTqjyq57Tw5MPT2p8dM-Md47HaylRwjeTU8Cu4ckITERoJXf3WhWE8xi_cT1Q3Rg72Nm8f0FEB1pkQFdpsCvJHZGj5UsYxUBGjaIUJWx-lgEq7rb9jgVqxlZsAErE0oh6o3dUg',
  kid: 'envgrid-test-1',
  alg: 'RS256',
  use: 'sig',
};

/** The settings that make a Worker trust the test key (vitest worker projects, e2e server). */
export const TEST_STAFF_VARS = localStaffVars(TEST_STAFF_PUBLIC_JWK, TEST_STAFF_PRIVATE_JWK);
