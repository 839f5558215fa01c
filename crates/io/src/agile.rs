//! Excel's own password protection for an xlsx: ECMA-376 Agile Encryption (MS-OFFCRYPTO 2.3.4.10–
//! 2.3.4.15) with AES-256, SHA-512 and 100,000 spins — what Excel and LibreOffice write and open.
//!
//! [`encrypt`] hands the package to `ms-offcrypto-writer` (which writes the streams byte for byte
//! as Excel does) with salts and keys from the operating system's CSPRNG (in the browser:
//! `crypto.getRandomValues`). [`decrypt`] is written out here over the `cfb` container and the
//! RustCrypto primitives, because a reader must tell a wrong password ([`DecryptError::WrongPassword`],
//! the password verifier) from a damaged or altered file ([`DecryptError::Damaged`], the HMAC over
//! the encrypted package), report progress while it derives the key, and never panic on input.

use std::io::{Cursor, Read, Write};

use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::NoPadding};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::TryRngCore;
use sha2::{Digest, Sha512};

use super::guard::MAX_FILE_BYTES;
use koppelhulp_core::Problem;

/// The number of SHA-512 rounds over the password, as Excel writes it.
pub const SPIN_COUNT: u32 = 100_000;
/// The most rounds a file may ask for (the standard allows 10,000,000; a crafted file must not
/// keep the worker busy for minutes).
const MAX_SPIN_COUNT: u32 = 1_000_000;
const SEGMENT: usize = 4096;

const BLOCK_VERIFIER_INPUT: [u8; 8] = [0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79];
const BLOCK_VERIFIER_VALUE: [u8; 8] = [0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e];
const BLOCK_KEY: [u8; 8] = [0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6];
const BLOCK_HMAC_KEY: [u8; 8] = [0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6];
const BLOCK_HMAC_VALUE: [u8; 8] = [0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33];

/// Why a file could not be decrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecryptError {
    /// Not an OLE file: an ordinary (unencrypted) file.
    NotEncrypted,
    /// An OLE file without the two streams of an encrypted OOXML package (an old .xls, a .doc).
    NotOoxml,
    /// Encrypted another way than Agile with SHA-512 and AES (Standard encryption, another hash).
    Unsupported(String),
    /// The password verifier does not match.
    WrongPassword,
    /// The container or the encryption data is damaged, or the integrity check (HMAC) fails: the
    /// file was cut off or altered after it was written.
    Damaged(&'static str),
}

impl From<DecryptError> for Problem {
    fn from(e: DecryptError) -> Problem {
        Problem::error(match e {
            DecryptError::NotEncrypted | DecryptError::NotOoxml => {
                "Dit bestand is niet met een wachtwoord beveiligd.".to_string()
            }
            DecryptError::Unsupported(how) => {
                format!("Dit bestand is beveiligd op een manier die Koppelhulp niet kent ({how}).")
            }
            DecryptError::WrongPassword => "Het wachtwoord klopt niet.".to_string(),
            DecryptError::Damaged(_) => "Dit bestand is beschadigd of veranderd nadat het is \
                opgeslagen: de controle van de beveiliging klopt niet. Koppelhulp opent het niet. \
                Gebruik een andere kopie van het bestand."
                .to_string(),
        })
    }
}

/// Encrypt an OOXML package (the bytes of an xlsx) with `password`.
pub fn encrypt(package: &[u8], password: &str) -> Result<Vec<u8>, Problem> {
    let fail =
        |e: std::io::Error| Problem::error(format!("Het bestand kon niet worden beveiligd ({e})."));
    // OsRng panics when the system has no randomness to give: ask once, without panicking.
    let mut probe = [0u8; 16];
    rand::rngs::OsRng.try_fill_bytes(&mut probe).map_err(|_| {
        Problem::error(
            "De browser geeft geen willekeurige getallen: het bestand kan niet worden beveiligd.",
        )
    })?;
    let mut rng = rand::rngs::OsRng.unwrap_err();
    let mut writer = ms_offcrypto_writer::Ecma376AgileWriter::create(
        &mut rng,
        password,
        Cursor::new(Vec::with_capacity(package.len() + 8192)),
    )
    .map_err(fail)?;
    writer.write_all(package).map_err(fail)?;
    Ok(writer.into_inner().map_err(fail)?.into_inner())
}

/// True when the bytes start like an OLE (compound) file: what an encrypted xlsx is.
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Decrypt an Agile-encrypted OOXML file: the package (the xlsx's bytes). `progress(done, total)`
/// follows the key derivation (the long part).
pub fn decrypt(
    file: &[u8],
    password: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, DecryptError> {
    if !is_ole(file) {
        return Err(DecryptError::NotEncrypted);
    }
    if file.len() as u64 > MAX_FILE_BYTES as u64 {
        return Err(DecryptError::Damaged("file too big"));
    }
    let (info, package) = streams(file)?;
    let info = parse_info(&info)?;
    let key = info.key(password, progress)?;
    info.check_integrity(&key, &package)?;
    decrypt_package(&key, &info.key_data_salt, &package)
}

/// The two streams: EncryptionInfo and EncryptedPackage.
fn streams(file: &[u8]) -> Result<(Vec<u8>, Vec<u8>), DecryptError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(file))
        .map_err(|_| DecryptError::Damaged("container"))?;
    let mut read = |name: &str| -> Result<Vec<u8>, DecryptError> {
        if !cfb.is_stream(name) {
            return Err(DecryptError::NotOoxml);
        }
        let mut stream = cfb
            .open_stream(name)
            .map_err(|_| DecryptError::Damaged("stream"))?;
        if stream.len() > file.len() as u64 {
            return Err(DecryptError::Damaged("stream longer than the file"));
        }
        let mut out = Vec::new();
        stream
            .read_to_end(&mut out)
            .map_err(|_| DecryptError::Damaged("stream"))?;
        Ok(out)
    };
    let info = read("/EncryptionInfo")?;
    let package = read("/EncryptedPackage")?;
    Ok((info, package))
}

/// What the EncryptionInfo stream says (only what Agile decryption with SHA-512 needs).
#[derive(Debug)]
struct Info {
    key_data_salt: Vec<u8>,
    encrypted_hmac_key: Vec<u8>,
    encrypted_hmac_value: Vec<u8>,
    spin_count: u32,
    key_bytes: usize,
    password_salt: Vec<u8>,
    encrypted_verifier_input: Vec<u8>,
    encrypted_verifier_value: Vec<u8>,
    encrypted_key_value: Vec<u8>,
}

/// The attributes of the first element called `name` (with or without a namespace prefix).
fn attributes<'a>(xml: &'a str, name: &str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut from = 0;
    let start = loop {
        let at = from + xml.get(from..)?.find(name)?;
        let before = xml.get(..at)?.chars().next_back();
        let after = xml.get(at + name.len()..)?.chars().next();
        if matches!(before, Some('<' | ':')) && after.is_some_and(char::is_whitespace) {
            break at + name.len();
        }
        from = at + name.len();
    };
    let rest = xml.get(start..)?;
    let end = rest.find('>')?;
    let mut text = rest.get(..end)?;
    let mut out = Vec::new();
    while let Some(eq) = text.find("=\"") {
        let key = text.get(..eq)?.trim();
        let value_from = eq + 2;
        let len = text.get(value_from..)?.find('"')?;
        out.push((key, text.get(value_from..value_from + len)?));
        text = text.get(value_from + len + 1..)?;
    }
    Some(out)
}

fn parse_info(stream: &[u8]) -> Result<Info, DecryptError> {
    match stream.get(..4) {
        Some([4, 0, 4, 0]) => {}
        Some([2..=4, 0, 2, 0]) => return Err(DecryptError::Unsupported("Standard".into())),
        Some([3 | 4, 0, 3, 0]) => {
            return Err(DecryptError::Unsupported("Extensible".into()));
        }
        _ => return Err(DecryptError::Damaged("EncryptionInfo version")),
    }
    let xml = stream
        .get(8..)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or(DecryptError::Damaged("EncryptionInfo text"))?;
    let damaged = DecryptError::Damaged("EncryptionInfo");
    let key_data = attributes(xml, "keyData").ok_or(damaged.clone())?;
    let integrity = attributes(xml, "dataIntegrity").ok_or(damaged.clone())?;
    let key = attributes(xml, "encryptedKey").ok_or(damaged.clone())?;
    let get = |attrs: &[(&str, &str)], name: &str| {
        attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
            .ok_or(DecryptError::Damaged("EncryptionInfo attribute"))
    };
    let b64 = |attrs: &[(&str, &str)], name: &str| {
        base64::engine::general_purpose::STANDARD
            .decode(get(attrs, name)?)
            .map_err(|_| DecryptError::Damaged("EncryptionInfo base64"))
    };
    let number = |attrs: &[(&str, &str)], name: &str| {
        get(attrs, name)?
            .parse::<u32>()
            .map_err(|_| DecryptError::Damaged("EncryptionInfo number"))
    };
    for attrs in [&key_data, &key] {
        let hash = get(attrs, "hashAlgorithm")?;
        if hash != "SHA512" {
            return Err(DecryptError::Unsupported(hash));
        }
        let cipher = get(attrs, "cipherAlgorithm")?;
        let chaining = get(attrs, "cipherChaining")?;
        if cipher != "AES" || chaining != "ChainingModeCBC" {
            return Err(DecryptError::Unsupported(format!("{cipher} {chaining}")));
        }
        if number(attrs, "blockSize")? != 16 {
            return Err(DecryptError::Damaged("block size"));
        }
    }
    let key_bits = number(&key, "keyBits")?;
    if key_bits != 256 || number(&key_data, "keyBits")? != 256 {
        return Err(DecryptError::Unsupported(format!("AES-{key_bits}")));
    }
    let spin_count = number(&key, "spinCount")?;
    if spin_count > MAX_SPIN_COUNT {
        return Err(DecryptError::Damaged("spin count"));
    }
    let info = Info {
        key_data_salt: b64(&key_data, "saltValue")?,
        encrypted_hmac_key: b64(&integrity, "encryptedHmacKey")?,
        encrypted_hmac_value: b64(&integrity, "encryptedHmacValue")?,
        spin_count,
        key_bytes: 32,
        password_salt: b64(&key, "saltValue")?,
        encrypted_verifier_input: b64(&key, "encryptedVerifierHashInput")?,
        encrypted_verifier_value: b64(&key, "encryptedVerifierHashValue")?,
        encrypted_key_value: b64(&key, "encryptedKeyValue")?,
    };
    let blocks = |b: &[u8]| !b.is_empty() && b.len().is_multiple_of(16);
    if info.password_salt.len() != 16
        || info.key_data_salt.len() < 16
        || !blocks(&info.encrypted_verifier_input)
        || info.encrypted_verifier_value.len() < 64
        || !blocks(&info.encrypted_verifier_value)
        || info.encrypted_key_value.len() < info.key_bytes
        || !blocks(&info.encrypted_key_value)
        || info.encrypted_hmac_key.len() < 64
        || !blocks(&info.encrypted_hmac_key)
        || info.encrypted_hmac_value.len() < 64
        || !blocks(&info.encrypted_hmac_value)
    {
        return Err(DecryptError::Damaged("EncryptionInfo sizes"));
    }
    Ok(info)
}

/// AES-256-CBC decryption of whole blocks (`data.len()` a multiple of 16, checked by the caller).
fn aes_cbc(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, DecryptError> {
    let cipher = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
        .map_err(|_| DecryptError::Damaged("key or iv size"))?;
    let mut buf = data.to_vec();
    let len = cipher
        .decrypt_padded_mut::<NoPadding>(&mut buf)
        .map_err(|_| DecryptError::Damaged("cipher text size"))?
        .len();
    buf.truncate(len);
    Ok(buf)
}

/// SHA-512 of the parts, as one input.
fn sha512(parts: &[&[u8]]) -> [u8; 64] {
    let mut h = Sha512::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// The first `n` bytes of a digest, padded with 0x36 when the digest is shorter (2.3.4.11).
fn sized(digest: &[u8], n: usize) -> Vec<u8> {
    let mut out: Vec<u8> = digest.iter().copied().take(n).collect();
    out.resize(n, 0x36);
    out
}

impl Info {
    /// The package key from the password: the iterated hash (with progress), the verifier check,
    /// then the key itself.
    fn key(
        &self,
        password: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<u8>, DecryptError> {
        let utf16: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut h = sha512(&[&self.password_salt, &utf16]);
        let total = self.spin_count as usize;
        progress(0, total);
        for i in 0..self.spin_count {
            h = sha512(&[&i.to_le_bytes(), &h]);
            if i % 1000 == 999 {
                progress(i as usize + 1, total);
            }
        }
        progress(total, total);
        let block_key = |block: &[u8]| sized(&sha512(&[&h, block]), self.key_bytes);
        let input = aes_cbc(
            &block_key(&BLOCK_VERIFIER_INPUT),
            &self.password_salt,
            &self.encrypted_verifier_input,
        )?;
        let value = aes_cbc(
            &block_key(&BLOCK_VERIFIER_VALUE),
            &self.password_salt,
            &self.encrypted_verifier_value,
        )?;
        let input = input.get(..16).ok_or(DecryptError::Damaged("verifier"))?;
        let expected = sha512(&[input]);
        if value.get(..64) != Some(&expected[..]) {
            return Err(DecryptError::WrongPassword);
        }
        let key = aes_cbc(
            &block_key(&BLOCK_KEY),
            &self.password_salt,
            &self.encrypted_key_value,
        )?;
        Ok(key.get(..self.key_bytes).unwrap_or_default().to_vec())
    }

    /// The HMAC-SHA512 over the whole EncryptedPackage stream must be the one stored (2.3.4.14).
    fn check_integrity(&self, key: &[u8], package: &[u8]) -> Result<(), DecryptError> {
        let iv = |block: &[u8]| sized(&sha512(&[&self.key_data_salt, block]), 16);
        let hmac_key = aes_cbc(key, &iv(&BLOCK_HMAC_KEY), &self.encrypted_hmac_key)?;
        let hmac_value = aes_cbc(key, &iv(&BLOCK_HMAC_VALUE), &self.encrypted_hmac_value)?;
        let mut mac = Hmac::<Sha512>::new_from_slice(hmac_key.get(..64).unwrap_or_default())
            .map_err(|_| DecryptError::Damaged("hmac key"))?;
        mac.update(package);
        mac.verify_slice(hmac_value.get(..64).unwrap_or_default())
            .map_err(|_| DecryptError::Damaged("integrity check"))
    }
}

/// The package from the EncryptedPackage stream: its size (8 bytes), then segments of 4096 bytes,
/// each with its own IV (2.3.4.15).
fn decrypt_package(key: &[u8], salt: &[u8], stream: &[u8]) -> Result<Vec<u8>, DecryptError> {
    let size_bytes: [u8; 8] = stream
        .get(..8)
        .and_then(|b| b.try_into().ok())
        .ok_or(DecryptError::Damaged("package size"))?;
    let size = usize::try_from(u64::from_le_bytes(size_bytes))
        .map_err(|_| DecryptError::Damaged("package size"))?;
    let data = stream.get(8..).unwrap_or_default();
    if size > data.len() || !data.len().is_multiple_of(16) {
        return Err(DecryptError::Damaged("package size"));
    }
    let mut out = Vec::with_capacity(data.len());
    for (i, segment) in data.chunks(SEGMENT).enumerate() {
        let index = u32::try_from(i).map_err(|_| DecryptError::Damaged("segments"))?;
        let iv = sized(&sha512(&[salt, &index.to_le_bytes()]), 16);
        out.extend(aes_cbc(key, &iv, segment)?);
    }
    out.truncate(size);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package() -> Vec<u8> {
        (0..10_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect()
    }

    #[test]
    fn round_trip_and_each_failure() {
        let plain = package();
        let file = encrypt(&plain, "correct horse battery").unwrap();
        assert!(is_ole(&file));
        let mut steps = 0;
        let back = decrypt(&file, "correct horse battery", &mut |_, _| steps += 1).unwrap();
        assert_eq!(back, plain);
        assert!(steps >= 100, "progress while deriving the key: {steps}");
        let mut none = |_: usize, _: usize| {};
        assert_eq!(
            decrypt(&file, "correct horse batterY", &mut none),
            Err(DecryptError::WrongPassword)
        );
        assert_eq!(
            decrypt(&plain, "x", &mut none),
            Err(DecryptError::NotEncrypted)
        );
        // The same plaintext twice: other salts, other bytes.
        let again = encrypt(&plain, "correct horse battery").unwrap();
        assert_ne!(again, file);
    }

    #[test]
    fn attributes_with_or_without_prefix() {
        let xml =
            r#"<a><keyData saltSize="16" saltValue="AA=="/><p:encryptedKey spinCount="5"/></a>"#;
        assert_eq!(
            attributes(xml, "keyData"),
            Some(vec![("saltSize", "16"), ("saltValue", "AA==")])
        );
        assert_eq!(
            attributes(xml, "encryptedKey"),
            Some(vec![("spinCount", "5")])
        );
        assert_eq!(attributes(xml, "dataIntegrity"), None);
        assert_eq!(attributes("<keyDataX a=\"1\"/>", "keyData"), None);
    }
}
