export {
  chromiumArgs,
  debianChromium,
  launchChromium,
  resolveChromiumPath,
} from './launch-chromium.js';
