// How a profile's section is headed. The credentials file names it plainly (`[prod]`); the config
// file prefixes every profile but the default with `profile `.

/** The config file's header text for a profile: `default`, else `profile NAME`. */
export function configHeader(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

/** Every header the config file may give it: `[default]` may also be written `[profile default]`. */
export function configSectionNames(profile: string): string[] {
  return profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
}

/** The profile's config section as a person reads it in a message: `[profile prod]`. */
export function sectionOf(profile: string): string {
  return `[${configHeader(profile)}]`;
}
