export { startStandalone, type StartedStandalone } from './app';
export { StandaloneModule } from './standalone.module';
