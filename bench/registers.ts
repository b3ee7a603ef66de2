export async function run(): Promise<void> {
  console.log('(registers benchmark: written next)');
}
