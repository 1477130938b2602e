/**
 * A profile name that every reader of the AWS files reads back: the JS SDK's loader takes
 * `[profile NAME]` only when NAME is word characters and - @ + . % : / (smithy's prefixKeyRegex),
 * while botocore takes any name without white space. A name outside this, written by setup or
 * keys, would make a profile the AWS CLI finds and the SDKs (and so --source-profile) do not.
 */
export const READABLE_PROFILE_NAME = /^[\w\-@+.%:/]{1,128}$/;

/** What READABLE_PROFILE_NAME allows, in words for a message. */
export const READABLE_PROFILE_CHARS = 'letters, digits and _ - @ + . % : /';
