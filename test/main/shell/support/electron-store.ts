// electron-store for shell tests: it imports the real 'electron' package, which vi.mock cannot reach
// from node_modules; conf is the file store it wraps, given the name the way electron-store gives it.
// Use as vi.mock('electron-store', () => import('./support/electron-store')).
import Conf from 'conf';

export default class ElectronStore extends Conf {
  constructor(options: { name: string }) {
    super({ ...options, configName: options.name } as never);
  }
}
