console.log('kaiwa: the CLI is being built');
