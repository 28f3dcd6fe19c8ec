import { AppError } from './errors.js';

/**
 * The rules every password (dashboard users and XMPP members) must meet: at least 8 characters
 * (NIST SP 800-63B), at most 1024 (argon2 and PBKDF2 cost grows with length), and not one of the
 * most common passwords from public breach lists.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

const COMMON_PASSWORDS = new Set(
  `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
  football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael
  654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm
  asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas
  hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn
  555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda
  summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas austin thunder
  taylor matrix minecraft william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm
  hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange
  11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy
  maverick phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers
  joseph mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster tigers yellow
  xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah
  123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000
  miller boston q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver redsox
  player nikita knight fender barney midnight please brandy chicago badboy slayer rangers charles
  angel flower bigdaddy rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha
  1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper james 232323 raiders
  888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golden 8675309 hentai gemini hello123
  passw0rd password1 password123 p@ssw0rd admin admin123 administrator root toor changeme qwerty123
  letmein1 welcome1 iloveyou1 abc12345 abcd1234 12341234 1q2w3e4r5t zaq12wsx qwertyui asdf1234
  baseball1 football1 superman1 sunshine1 princess1 monkey123 dragon123 master123 shadow123 azerty
  azertyuiop 00000000 99999999 77777777 66666666 55555555 44444444 33333333 22222222 12121212
  11223344 123456789a a123456789 password12 passwort hallo123 qwertz qwertz123 motdepasse soleil
  chocolate whatever1 trustno11 starwars1 letmeinnow secret123 xmpp1234 jabber123 imhost123`
    .split(/\s+/)
    .filter(Boolean),
);

export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw new AppError('password_too_short');
  if (length > MAX_PASSWORD_LENGTH) throw new AppError('password_too_long');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) throw new AppError('password_too_common');
}
