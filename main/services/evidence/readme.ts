/**
 * README.txt of every bundle, in Chinese and English: what the files are and how to check the bundle
 * with standard tools only (sha256sum, openssl), without this app (docs/evidence.md §5).
 */
export function readmeText(exportId: string): string {
  return `证据包 / Evidence bundle  ${exportId}
================================================================

【中文】
本文件夹是从企业微信会话存档查看器导出的证据包。导出后任何文件的增加、删除或改动都可以被发现。

文件说明：
  index.html      可离线阅读的会话记录（无需脚本、不访问网络），时间均注明时区
  report.pdf      同样内容的分页 PDF，页脚有导出编号、证据包哈希和页码
  messages.csv    每条消息一行（UTF-8 带 BOM），列顺序固定，见 docs/evidence.md
  messages.jsonl  存档中解密后的原始 JSON（逐字保留），附 seq、msgid、publickey_ver、企业
  media.jsonl     媒体文件对照表：原始文件名（仅供显示）、企业微信给出的 MD5、计算得到的 SHA-256
  media/          媒体原始文件，以内容的 SHA-256 命名；语音另附转换的 WAV
  audit.jsonl     与导出内容有关的审计记录（哈希链），最后一条是本次导出
  manifest.json   清单：导出编号、时间、审阅人、导出范围、数量、每个文件的大小和 SHA-256
  manifest.sig    用本机证据签名密钥（Ed25519）对 manifest.json 的签名
  signer.pub      签名公钥；请与导出方在“设置”中看到的指纹核对
  SHA256SUMS      除自身以外每个文件的 SHA-256

如何检查（只需标准工具）：
  1. 进入本文件夹，运行：  sha256sum -c SHA256SUMS
     每一行都应显示“OK”（或“成功”）。任何 FAILED 或“没有那个文件”都表示该文件被改动或删除。
  2. 查看是否有多出的文件：把文件夹中的文件列表与 SHA256SUMS 中的列表对比
     （SHA256SUMS 本身除外）。
  3. 验证签名（OpenSSL 3）：
     openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in manifest.json -sigfile manifest.sig
     应显示 “Signature Verified Successfully”。
  4. 计算公钥指纹并与导出方核对：
     openssl pkey -pubin -in signer.pub -outform DER | sha256sum

【English】
This folder is an evidence bundle exported from the WeCom Archive Viewer. Any file added, removed or
changed after the export can be detected.

Files:
  index.html      the conversation, readable offline (no script, no network); every time states its zone
  report.pdf      the same, paginated; the footer shows the export ID, the bundle hash and page numbers
  messages.csv    one row per message (UTF-8 with BOM), fixed column order, see docs/evidence.md
  messages.jsonl  the exact decrypted JSON as archived, with seq, msgid, publickey_ver and corp
  media.jsonl     the media mapping: original file name (display only), MD5 as reported by WeCom,
                  SHA-256 as computed
  media/          the media files' original bytes, named by their SHA-256; voice also as WAV
  audit.jsonl     the audit-trail entries about the exported items (hash chained); the last is this export
  manifest.json   export ID, time, reviewer, what was exported, counts, every file's size and SHA-256
  manifest.sig    Ed25519 signature of manifest.json by this installation's evidence key
  signer.pub      the signing public key; compare its fingerprint with the one the sender's Settings show
  SHA256SUMS      the SHA-256 of every file except itself

How to check it with standard tools only:
  1. In this folder run:  sha256sum -c SHA256SUMS
     Every line must say OK. Any FAILED or "No such file" line names a changed or deleted file.
  2. Look for added files: compare the folder's file list with the names in SHA256SUMS
     (SHA256SUMS itself excepted).
  3. Check the signature (OpenSSL 3):
     openssl pkeyutl -verify -pubin -inkey signer.pub -rawin -in manifest.json -sigfile manifest.sig
     It must print "Signature Verified Successfully".
  4. Compute the key's fingerprint and compare it with the sender's:
     openssl pkey -pubin -in signer.pub -outform DER | sha256sum
`;
}
